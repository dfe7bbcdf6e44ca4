package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP receiver and submission API against a real hub, with a real HTTP client. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpIngestIT {
  private static final String ER7 = "x-application/hl7-v2+er7";

  @TempDir static Path dir;
  static HubFixture fixture;
  static String base;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    fixture = new HubFixture(dir);
    base = "http://127.0.0.1:" + fixture.hub.httpPort();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static HttpResponse<String> post(String body, String contentType, String accept)
      throws Exception {
    return fixture.postHl7v2(body, contentType, accept);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", fixture.bearer("sender"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersWithAnHl7AckByDefault() throws Exception {
    HttpResponse<String> r = post(TestMessages.elr("22D2222222", "HTTP-1"), ER7, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith(ER7);
    assertThat(MllpClient.ackCode(r.body())).isEqualTo("AA");
    assertThat(MllpClient.ackedControlId(r.body())).isEqualTo("HTTP-1");
    // Where the stored submission is read, as on the FHIR routes; a resend points at the original.
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location)
        .isEqualTo("/api/v1/submissions/" + r.headers().firstValue("X-Vigil-Submission-Id").get());
    JsonObject stored = new JsonObject(get(location).body());
    assertThat(stored.getString("controlId")).isEqualTo("HTTP-1");
    assertThat(stored.getString("ackCode")).isEqualTo("AA");
    HttpResponse<String> again = post(TestMessages.elr("22D2222222", "HTTP-1"), ER7, null);
    assertThat(again.headers().firstValue("Location")).contains(location);
    assertThat(again.headers().firstValue("X-Vigil-Duplicate")).contains("true");
    assertThat(r.headers().firstValue("X-Vigil-Duplicate")).isEmpty();
  }

  /**
   * A 0x1C 0x0B in MSH-3 came back raw in the ACK's MSH-5 over HTTP (where a bridge relaying the
   * ACK over MLLP would end its frame there), and an ESC sequence in MSH-10 raw in MSA-2: hex
   * escapes now, the rest as sent.
   */
  @Test
  void answersControlCharactersOfTheHeaderAsHexEscapes() throws Exception {
    String message =
        TestMessages.elr("22D2222222", "HTTP-\u001b[2JCTL")
            .replace("MSH|^~\\&|LabFlow^", "MSH|^~\\&|Lab\u001c\u000bFlow^");
    HttpResponse<String> r = post(message, ER7, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String[] ack = r.body().split("\r");
    assertThat(ack[0]).contains("|Lab\\X1C\\\\X0B\\Flow^2.16.840.1.113883.3.1234.1^ISO|");
    assertThat(ack[1]).isEqualTo("MSA|AA|HTTP-\\X1B\\[2JCTL");
    assertThat(r.body().chars().filter(c -> c != '\r' && Character.isISOControl(c))).isEmpty();
  }

  @Test
  void answersInTheEr7MediaTypeTheRequestUsed() throws Exception {
    // HAPI's HL7 over HTTP client posts application/hl7-v2 and refuses an answer of another type.
    HttpResponse<String> hoh =
        post(TestMessages.elr("22D2222222", "HTTP-HOH-1"), "application/hl7-v2", null);
    assertThat(hoh.statusCode()).isEqualTo(200);
    assertThat(hoh.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("application/hl7-v2; charset=");
    assertThat(MllpClient.ackCode(hoh.body())).isEqualTo("AA");
    // A generic type keeps the hub's default, unless Accept names an ER7 type.
    HttpResponse<String> plain =
        post(TestMessages.elr("22D2222222", "HTTP-HOH-2"), "text/plain", null);
    assertThat(plain.headers().firstValue("Content-Type")).get().asString().startsWith(ER7 + ";");
    HttpResponse<String> asked =
        post(TestMessages.elr("22D2222222", "HTTP-HOH-3"), "text/plain", "application/x-hl7");
    assertThat(asked.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("application/x-hl7;");
  }

  @Test
  void answersEnhancedModeWithTheApplicationAcknowledgementWhenAskedForOne() throws Exception {
    HttpResponse<String> app =
        post(
            TestMessages.enhanced(TestMessages.elr("22D2222222", "HTTP-ENH-1"), "ER", "AL"),
            ER7,
            null);
    assertThat(app.statusCode()).isEqualTo(200);
    assertThat(MllpClient.ackCode(app.body())).isEqualTo("AA");
    assertThat(app.body().split("\rMSH")).as("one message").hasSize(1);

    // NE/NE asks for none, but an HTTP request is always answered: with the accept ACK.
    HttpResponse<String> none =
        post(
            TestMessages.enhanced(TestMessages.elr("22D2222222", "HTTP-ENH-2"), "NE", "NE"),
            ER7,
            null);
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(MllpClient.ackCode(none.body())).isEqualTo("CA");

    // ELR's NoAck profile with a content error: the CA carries it, and the status says it.
    HttpResponse<String> error =
        post(
            TestMessages.enhanced(
                TestMessages.elr("22D2222222", "HTTP-ENH-3").replace("94500-6^", "94500-5^"),
                "NE",
                "NE"),
            ER7,
            null);
    assertThat(MllpClient.ackCode(error.body())).isEqualTo("CA");
    assertThat(error.body()).contains("|E|OBX3_LOINC_CHECK_DIGIT");
    assertThat(error.statusCode()).isEqualTo(422);
  }

  @Test
  void answersWithAJsonReceiptAndTheSubmissionCanBeReadBack() throws Exception {
    HttpResponse<String> r =
        post(TestMessages.elr("22D2222222", "HTTP-JSON-1"), ER7, "application/json");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject receipt = new JsonObject(r.body());
    assertThat(receipt.getString("ackCode")).isEqualTo("AA");
    assertThat(receipt.getBoolean("stored")).isTrue();
    String id = receipt.getString("submissionId");

    JsonObject stored = new JsonObject(get("/api/v1/submissions/" + id).body());
    assertThat(stored.getString("controlId")).isEqualTo("HTTP-JSON-1");
    assertThat(stored.getString("sender")).isEqualTo("22D2222222");
    assertThat(stored.getString("transport")).isEqualTo("http");
    assertThat(stored.getString("ackCode")).isEqualTo("AA");
    assertThat(stored.getString("payloadSha256")).hasSize(64);
    assertThat(stored.containsKey("payload")).isFalse();

    JsonObject found =
        new JsonObject(get("/api/v1/submissions?controlId=HTTP-JSON-1&sender=22D2222222").body());
    assertThat(found.getJsonArray("submissions")).hasSize(1);
  }

  /**
   * The IZ guide's segment-group rejection end to end: a VXU with a good dose and a historical dose
   * of an unknown vaccine is AE (422), and the good dose alone reaches the outbox.
   */
  @Test
  void anImmunizationMessageWithOneBadDoseIsAeAndItsOtherDoseIsUsed() throws Exception {
    String twoDoses =
        TestMessages.vxu("22D2222229", "HTTP-VXU-DOSES")
            + "ORC|RE||IZ-HIST-1^MyEHR\r"
            + "RXA|0|1|20240105|20240105|777^Nonesuch^CVX|999|||01^Historical^NIP001"
            + "||||||||||CP|A\r";
    HttpResponse<String> r = post(twoDoses, ER7, "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    JsonObject receipt = new JsonObject(r.body());
    assertThat(receipt.getString("ackCode")).isEqualTo("AE");
    assertThat(
            receipt.getJsonArray("findings").stream().map(f -> ((JsonObject) f).getString("code")))
        .contains("RXA5_CVX_UNKNOWN", "DOSES_REJECTED");
    String id = receipt.getString("submissionId");
    try (var c = fixture.sql();
        var ps =
            c.prepareStatement(
                "SELECT payload::jsonb->>'vaccineCode' FROM event_outbox WHERE submission_id = ?::uuid")) {
      ps.setString(1, id);
      try (var rs = ps.executeQuery()) {
        java.util.List<String> codes = new java.util.ArrayList<>();
        while (rs.next()) {
          codes.add(rs.getString(1));
        }
        assertThat(codes).containsExactly("208");
      }
    }
  }

  @Test
  void withoutAControlIdTheNewestSubmissionsAreListedAPageAtATime() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(post(TestMessages.elr("22D2222223", "HTTP-LIST-" + i), ER7, null).statusCode())
          .isEqualTo(200);
    }
    JsonObject first = new JsonObject(get("/api/v1/submissions?limit=3&sender=22D2222223").body());
    JsonArray page = first.getJsonArray("submissions");
    assertThat(page).hasSize(3);
    JsonObject newest = page.getJsonObject(0);
    assertThat(newest.getString("controlId")).isEqualTo("HTTP-LIST-4");
    assertThat(newest.getString("sender")).isEqualTo("22D2222223");
    assertThat(newest.getString("messageType")).isEqualTo("ORU^R01");
    assertThat(newest.getString("ackCode")).isEqualTo("AA");
    assertThat(newest.getString("receipt")).isIn("pending", "checkpointed", "anchored");
    assertThat(newest.getLong("leafIndex")).isNotNull();
    assertThat(newest.fieldNames()).doesNotContain("payload", "findings");
    String next = first.getString("next");
    assertThat(next).isEqualTo(page.getJsonObject(2).getString("id"));

    JsonObject second =
        new JsonObject(get("/api/v1/submissions?limit=3&sender=22D2222223&before=" + next).body());
    assertThat(second.getJsonArray("submissions"))
        .extracting(o -> ((JsonObject) o).getString("controlId"))
        .containsExactly("HTTP-LIST-1", "HTTP-LIST-0");
    assertThat(second.getValue("next")).isNull();

    // The default page is 20; an auditor lists every sender's.
    HttpResponse<String> all =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/submissions"))
                .header("Authorization", fixture.bearer("auditor"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(all.body()).getJsonArray("submissions").size()).isBetween(5, 20);

    for (String bad : List.of("limit=0", "limit=101", "limit=ten", "before=not-a-uuid")) {
      HttpResponse<String> r = get("/api/v1/submissions?" + bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getString("error"))
          .isIn("INVALID_LIMIT", "INVALID_CURSOR");
    }
  }

  @Test
  void contentErrorsAre422WithFindings() throws Exception {
    String bad = TestMessages.elr("22D2222222", "HTTP-BAD-1").replace("94500-6", "94500-5");
    HttpResponse<String> r = post(bad, ER7, "application/json");
    assertThat(r.statusCode()).isEqualTo(422);
    JsonObject receipt = new JsonObject(r.body());
    assertThat(receipt.getString("ackCode")).isEqualTo("AE");
    assertThat(receipt.getJsonArray("findings").encode()).contains("LOINC_CHECK_DIGIT");
  }

  @Test
  void unsupportedTypesAre400() throws Exception {
    HttpResponse<String> r = post(TestMessages.adt("22D2222222", "HTTP-ADT"), ER7, null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(MllpClient.ackCode(r.body())).isEqualTo("AR");
  }

  @Test
  void acceptsABatchAndAnswersWithABatchAck() throws Exception {
    String batch =
        "FHS|^~\\&|LabFlow|22D2222222|HUB|DOH|20250310||||F-1\r"
            + "BHS|^~\\&|LabFlow|22D2222222|HUB|DOH|20250310||||B-1\r"
            + TestMessages.elr("22D2222222", "BATCH-1")
            + TestMessages.elr("22D2222222", "BATCH-2")
            + TestMessages.elr("22D2222222", "BATCH-3")
            + "BTS|3\rFTS|1\r";
    HttpResponse<String> r = post(batch, ER7, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("FHS|").contains("\rBHS|").contains("\rBTS|3\r");
    assertThat(r.body()).contains("MSA|AA|BATCH-1", "MSA|AA|BATCH-2", "MSA|AA|BATCH-3");
    assertThat(fixture.count("control_id LIKE 'BATCH-%'")).isEqualTo(3);

    HttpResponse<String> json = post(batch, ER7, "application/json");
    JsonObject body = new JsonObject(json.body());
    assertThat(body.getBoolean("batch")).isTrue();
    assertThat(body.getJsonArray("messages")).hasSize(3);
    assertThat(body.getJsonArray("messages").getJsonObject(0).getBoolean("duplicate")).isTrue();
  }

  @Test
  void tellsTheSenderWhenItsBatchTrailerCountsMoreMessagesThanArrived() throws Exception {
    String batch =
        "BHS|^~\\&|LabFlow|22D2222222|HUB|DOH|20250310||||B-2\r"
            + TestMessages.elr("22D2222222", "SHORT-1")
            + TestMessages.elr("22D2222222", "SHORT-2")
            + "BTS|3\r";
    HttpResponse<String> r = post(batch, ER7, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("MSA|AA|SHORT-1", "MSA|AA|SHORT-2");
    assertThat(r.body())
        .endsWith(
            "\rBTS|2|BTS-1 declares 3 messages but 2 were received; send the missing ones"
                + " again\r");

    JsonObject json = new JsonObject(post(batch, ER7, "application/json").body());
    assertThat(json.getString("warning")).startsWith("BTS-1 declares 3 messages but 2");
    assertThat(
            new JsonObject(post(batch.replace("BTS|3", "BTS|2"), ER7, "application/json").body())
                .containsKey("warning"))
        .isFalse();
  }

  @Test
  void answersMessagesSentBackToBackWithoutAnEnvelopeAsABatch() throws Exception {
    // Before: both were stored, only the first was answered.
    String body = TestMessages.elr("22D2222222", "B2B-1") + TestMessages.elr("22D2222222", "B2B-2");
    HttpResponse<String> r = post(body, ER7, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("BHS|").endsWith("\rBTS|2\r");
    assertThat(r.body()).contains("MSA|AA|B2B-1", "MSA|AA|B2B-2");
    assertThat(fixture.count("control_id LIKE 'B2B-%'")).isEqualTo(2);

    JsonObject json = new JsonObject(post(body, ER7, "application/json").body());
    assertThat(json.getBoolean("batch")).isTrue();
    assertThat(json.getJsonArray("messages")).hasSize(2);
  }

  @Test
  void takesABodyThatStartsWithALineEndAsOneMessageStoredAsReceived() throws Exception {
    String body = "\n\n" + TestMessages.elr("22D3333333", "HTTP-LEADING-LF");
    HttpResponse<String> r = post(body, ER7, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("MSH|").contains("MSA|AA|HTTP-LEADING-LF");
    assertThat(fixture.payload("HTTP-LEADING-LF")).isEqualTo(TestMessages.bytes(body));
  }

  /** Posts {@code body} as ER7 with the sender's token; the answer as bytes. */
  private HttpResponse<byte[]> postBytes(byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/hl7v2"))
            .header("Content-Type", ER7)
            .header("Authorization", fixture.bearer("sender"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void answersUtf16InTheByteOrderItCameIn() throws Exception {
    // Windows' "Unicode": UTF-16LE with a byte-order mark. It was answered in big-endian.
    byte[] body =
        ("\uFEFF" + TestMessages.elr("22D3333333", "HTTP-UTF16LE"))
            .getBytes(StandardCharsets.UTF_16LE);
    HttpResponse<byte[]> r = postBytes(body);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains(ER7 + "; charset=UTF-16");
    assertThat(Arrays.copyOf(r.body(), 4)).containsExactly(0xFF, 0xFE, 'M', 0);
    assertThat(new String(r.body(), StandardCharsets.UTF_16)).contains("MSA|AA|HTTP-UTF16LE");
    assertThat(fixture.payload("HTTP-UTF16LE")).isEqualTo(body);
  }

  /**
   * Two messages in one UTF-16 file: each examined and stored on its own (its bytes as received),
   * answered with a batch acknowledgement. Sliced on bytes, the file was one message: the second
   * message's result was counted under the first's header and patient.
   */
  @Test
  void slicesAUtf16FileOfSeveralMessages() throws Exception {
    String first = TestMessages.elr("22D3333333", "HTTP-UTF16-1");
    String second = TestMessages.elr("22D3333333", "HTTP-UTF16-2");
    byte[] body = ("\uFEFF" + first + second).getBytes(StandardCharsets.UTF_16LE);
    HttpResponse<byte[]> r = postBytes(body);
    assertThat(r.statusCode()).isEqualTo(200);
    String ack = new String(r.body(), StandardCharsets.UTF_16LE);
    assertThat(ack).startsWith("BHS|").contains("MSA|AA|HTTP-UTF16-1", "MSA|AA|HTTP-UTF16-2");
    assertThat(fixture.payload("HTTP-UTF16-2"))
        .isEqualTo(second.getBytes(StandardCharsets.UTF_16LE));
  }

  /**
   * A request without a valid bearer token is answered 401 before its body is read: it announces 5
   * MB and sends 1 KB. Before, the hub buffered the body first (up to http.max-body-bytes per
   * connection, for anyone who could connect) and only answered once it had all of it.
   */
  @Test
  void refusesABodyWithoutAValidTokenBeforeReadingIt() throws Exception {
    for (String authorization : new String[] {null, "Bearer not.a.jwt"}) {
      assertThat(fixture.statusAfterPartialBody(authorization))
          .as("%s", authorization)
          .hasValue("HTTP/1.1 401");
    }
    // With a valid token the hub waits for the body it was promised: no answer yet.
    assertThat(fixture.statusAfterPartialBody(fixture.bearer("sender"))).isEmpty();
  }

  @Test
  void unknownSubmissionsAndBadIdsAreClearErrors() throws Exception {
    assertThat(get("/api/v1/submissions/" + java.util.UUID.randomUUID()).statusCode())
        .isEqualTo(404);
    HttpResponse<String> bad = get("/api/v1/submissions/not-a-uuid");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getString("error")).isEqualTo("INVALID_ID");
    // No controlId is the listing now; an empty one is still a mistake.
    assertThat(get("/api/v1/submissions").statusCode()).isEqualTo(200);
    HttpResponse<String> empty = get("/api/v1/submissions?controlId=");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(empty.body()).getString("error")).isEqualTo("MISSING_CONTROL_ID");
  }

  @Test
  void countsTheFindingsOfAMessageOnceHoweverOftenItIsResent() throws Exception {
    String bad = TestMessages.elr("22D2222222", "HTTP-METRICS-AE").replace("94500-6^", "94500-5^");
    String finding = "vigil_ingest_findings_total{code=\"OBX3_LOINC_CHECK_DIGIT\",severity=\"E\"}";
    double before = metric(get("/metrics").body(), finding);
    for (int i = 0; i < 3; i++) {
      assertThat(post(bad, ER7, null).statusCode()).isEqualTo(422);
    }
    assertThat(metric(get("/metrics").body(), finding)).isEqualTo(before + 1);
  }

  /** The value of one Prometheus sample, 0 when absent. */
  private static double metric(String exposition, String sample) {
    return exposition
        .lines()
        .filter(l -> l.startsWith(sample + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(sample.length() + 1).trim()))
        .findFirst()
        .orElse(0);
  }

  @Test
  void exposesMetricsAndHealth() throws Exception {
    post(TestMessages.elr("22D2222222", "HTTP-METRICS"), ER7, null);
    String metrics = get("/metrics").body();
    assertThat(metrics)
        .contains("vigil_ingest_received_total{transport=\"http\",type=\"ORU^R01\"}")
        .contains("vigil_ingest_acks_total{code=\"AA\"")
        .contains("vigil_ingest_ack_latency_seconds_bucket")
        .contains("vigil_store_commit_batch_size_count")
        .doesNotContain("HTTP-METRICS");
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    assertThat(get("/health/ready").body()).contains("UP");
  }
}
