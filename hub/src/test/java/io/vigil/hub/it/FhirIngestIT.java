package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.leaf.LogLeaf;
import io.vigil.anchoring.merkle.MerkleHash;
import io.vigil.hub.HubConfig;
import io.vigil.ingest.provenance.ReceiptJson;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * FHIR R4 ingest against a real hub and PostgreSQL, with a real HTTP client: durable before 2xx,
 * idempotent replays, rejections stored for audit, OperationOutcomes (never a 500) for every error,
 * receipts for FHIR submissions.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FhirIngestIT {
  private static final String FHIR_JSON = "application/fhir+json";

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

  static byte[] fixture(String name) throws Exception {
    try (InputStream in = FhirIngestIT.class.getResourceAsStream("/fhir/" + name + ".json")) {
      return in.readAllBytes();
    }
  }

  /** A fixture with its Bundle.identifier value replaced, so each test has its own key. */
  static byte[] withIdentifier(String name, String from, String to) throws Exception {
    return new String(fixture(name), StandardCharsets.UTF_8)
        .replace("\"" + from + "\"", "\"" + to + "\"")
        .getBytes(StandardCharsets.UTF_8);
  }

  static HttpResponse<String> post(String path, byte[] body, String contentType) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", contentType)
            .header("Authorization", fixture.bearer("sender"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject get(String path) throws Exception {
    return new JsonObject(
        http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", fixture.bearer("auditor"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  /** The OperationOutcome of a reply: the body itself, or the response message's second entry. */
  static JsonObject outcome(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith(FHIR_JSON);
    JsonObject json = new JsonObject(r.body());
    if ("Bundle".equals(json.getString("resourceType"))) {
      json = json.getJsonArray("entry").getJsonObject(1).getJsonObject("resource");
    }
    assertThat(json.getString("resourceType")).isEqualTo("OperationOutcome");
    return json;
  }

  static boolean hasIssue(JsonObject outcome, String code) {
    JsonArray issues = outcome.getJsonArray("issue");
    for (int i = 0; i < issues.size(); i++) {
      JsonObject details = issues.getJsonObject(i).getJsonObject("details");
      if (details != null
          && code.equals(details.getJsonArray("coding").getJsonObject(0).getString("code"))) {
        return true;
      }
    }
    return false;
  }

  /** (format, ack_code, payload, sha256) of the stored row, or null. */
  static Object[] row(String id) throws Exception {
    try (Connection c = fixture.sql();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT format, ack_code, payload, payload_sha256, control_id, facility_id"
                    + " FROM submission WHERE id = ?::uuid")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new Object[] {
              rs.getString(1),
              rs.getString(2),
              rs.getBytes(3),
              rs.getBytes(4),
              rs.getString(5),
              rs.getString(6)
            }
            : null;
      }
    }
  }

  static String submissionId(HttpResponse<String> r) {
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/api/v1/submissions/");
    return location.substring("/api/v1/submissions/".length());
  }

  @Test
  void processMessageAnswersOkOnlyOnceTheExactBytesAreInPostgres() throws Exception {
    byte[] body = withIdentifier("lab_message", "LAB20261120-0001", "IT-MSG-1");
    HttpResponse<String> r = post("/fhir/r4/$process-message", body, FHIR_JSON);

    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject response = new JsonObject(r.body());
    assertThat(response.getString("type")).isEqualTo("message");
    JsonObject header = response.getJsonArray("entry").getJsonObject(0).getJsonObject("resource");
    assertThat(header.getJsonObject("response").getString("code")).isEqualTo("ok");
    String id = submissionId(r);
    // Read right after the answer: it was sent only after the commit.
    Object[] row = row(id);
    assertThat(row).isNotNull();
    assertThat(row[0]).isEqualTo("fhir");
    assertThat(row[1]).isEqualTo("AA");
    assertThat((byte[]) row[2]).isEqualTo(body);
    assertThat((byte[]) row[3]).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
    assertThat(row[4]).isEqualTo("urn:oid:2.16.840.1.113883.3.1234.1|IT-MSG-1");
    assertThat(row[5]).isEqualTo("05D0000001");

    JsonObject stored = get("/api/v1/submissions/" + id);
    assertThat(stored.getString("ackCode")).isEqualTo("AA");
    assertThat(stored.getString("sender")).isEqualTo("05D0000001");
  }

  @Test
  void aReplayReturnsTheOriginalAnswerAndStoresNothingNew() throws Exception {
    byte[] body = withIdentifier("lab_message", "LAB20261120-0001", "IT-REPLAY-1");
    HttpResponse<String> first = post("/fhir/r4/$process-message", body, FHIR_JSON);
    HttpResponse<String> again = post("/fhir/r4/$process-message", body, FHIR_JSON);

    assertThat(again.statusCode()).isEqualTo(first.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(submissionId(again)).isEqualTo(submissionId(first));
    assertThat(again.headers().firstValue("X-Vigil-Duplicate")).contains("true");
    assertThat(fixture.count("control_id = ?", "urn:oid:2.16.840.1.113883.3.1234.1|IT-REPLAY-1"))
        .isEqualTo(1);

    // Rebuilt to retry it: a new timestamp, another layout. Still the same Bundle.
    String text = new String(body, StandardCharsets.UTF_8);
    byte[] rebuilt =
        new JsonObject(text.substring(text.indexOf('{')))
            .put("timestamp", "2026-11-20T15:00:00-05:00")
            .encodePrettily()
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> retried = post("/fhir/r4/$process-message", rebuilt, FHIR_JSON);
    assertThat(retried.body()).isEqualTo(first.body());
    assertThat(retried.headers().firstValue("X-Vigil-Duplicate")).contains("true");

    // Another result under the same identifier: before, answered as the original, content dropped.
    byte[] other = text.replace("260373001", "260415000").getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> reused = post("/fhir/r4/$process-message", other, FHIR_JSON);
    assertThat(reused.statusCode()).isEqualTo(400);
    assertThat(reused.body()).contains("\"duplicate\"");
    assertThat(hasIssue(outcome(reused), "BUNDLE_IDENTIFIER_REUSED")).isTrue();
    assertThat(fixture.count("control_id = ?", "urn:oid:2.16.840.1.113883.3.1234.1|IT-REPLAY-1"))
        .isEqualTo(1);
    assertThat(
            fixture.count("control_id IS NULL AND disposition = 'reject' AND payload = ?", other))
        .isEqualTo(1);
  }

  @Test
  void transactionAndBatchBundlesAreCreatedWithALocation() throws Exception {
    HttpResponse<String> tx =
        post(
            "/fhir/r4",
            withIdentifier("lab_transaction", "TRANSACTION-0001", "IT-TX-1"),
            "application/fhir+json; charset=UTF-8");
    assertThat(tx.statusCode()).isEqualTo(201);
    JsonObject txOutcome = outcome(tx);
    assertThat(hasIssue(txOutcome, "SUBMISSION_STORED")).isTrue();
    assertThat(hasIssue(txOutcome, "ELEMENT_UNKNOWN")).as("lenient, with a warning").isTrue();
    assertThat(row(submissionId(tx))[1]).isEqualTo("AA");

    HttpResponse<String> batch =
        post(
            "/fhir/r4/Bundle",
            withIdentifier("lab_batch", "BATCH-0001", "IT-BATCH-1"),
            "application/json");
    assertThat(batch.statusCode()).isEqualTo(201);
    assertThat(row(submissionId(batch))[1]).isEqualTo("AA");
  }

  @Test
  void contentErrorsAreStoredAndAnswered422() throws Exception {
    byte[] body = withIdentifier("bad_loinc_check_digit", "LAB20261120-0001", "IT-LOINC-1");
    HttpResponse<String> r = post("/fhir/r4/$process-message", body, FHIR_JSON);

    assertThat(r.statusCode()).isEqualTo(422);
    JsonObject header =
        new JsonObject(r.body()).getJsonArray("entry").getJsonObject(0).getJsonObject("resource");
    assertThat(header.getJsonObject("response").getString("code")).isEqualTo("fatal-error");
    assertThat(hasIssue(outcome(r), "OBSERVATION_CODE_LOINC_CHECK_DIGIT")).isTrue();
    assertThat(row(submissionId(r))[1]).isEqualTo("AE");
  }

  @Test
  void unreadableBodiesAreRejectedWithAnOperationOutcomeAndStoredForAudit() throws Exception {
    String[][] cases = {
      {"malformed", "JSON_MALFORMED"},
      {"not_a_bundle", "NOT_A_BUNDLE"},
      {"ndjson", "NDJSON_NOT_ACCEPTED"},
      {"wrong_resource_type", "RESOURCE_TYPE_UNKNOWN"},
    };
    for (String[] c : cases) {
      byte[] body = fixture(c[0]);
      HttpResponse<String> r = post("/fhir/r4", body, FHIR_JSON);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      JsonObject outcome = outcome(r);
      assertThat(hasIssue(outcome, c[1])).as(c[0]).isTrue();
      assertThat(outcome.getJsonArray("issue").getJsonObject(1).getString("severity"))
          .isEqualTo("fatal");
      Object[] row = row(submissionId(r));
      assertThat(row[1]).as(c[0]).isEqualTo("AR");
      assertThat((byte[]) row[2]).isEqualTo(body);
    }
    // A message Bundle sent to the Bundle endpoint: rejected, pointing at $process-message.
    HttpResponse<String> wrongPlace =
        post(
            "/fhir/r4", withIdentifier("lab_message", "LAB20261120-0001", "IT-WRONG-1"), FHIR_JSON);
    assertThat(wrongPlace.statusCode()).isEqualTo(400);
    assertThat(hasIssue(outcome(wrongPlace), "BUNDLE_TYPE_UNSUPPORTED")).isTrue();
  }

  /** The lab_transaction Bundle, uncompressed, under {@code Content-Encoding: coding}. */
  private static HttpResponse<String> postBundleEncoded(String coding) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/fhir/r4/Bundle"))
            .header("Content-Type", FHIR_JSON)
            .header("Content-Encoding", coding)
            .header("Authorization", fixture.bearer("sender"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(fixture("lab_transaction")))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void wrongMediaTypesAndOversizedBodiesGetOperationOutcomesNever500() throws Exception {
    HttpResponse<String> xml =
        post("/fhir/r4", "<Bundle/>".getBytes(StandardCharsets.UTF_8), "application/fhir+xml");
    assertThat(xml.statusCode()).isEqualTo(415);
    assertThat(outcome(xml).getJsonArray("issue").getJsonObject(0).getString("code"))
        .isEqualTo("not-supported");

    HttpResponse<String> ndjson = post("/fhir/r4", fixture("ndjson"), "application/fhir+ndjson");
    assertThat(ndjson.statusCode()).isEqualTo(415);
    assertThat(outcome(ndjson).encode()).contains("NDJSON");

    HttpResponse<String> brotli = postBundleEncoded("br");
    assertThat(brotli.statusCode()).isEqualTo(415);
    assertThat(hasIssue(outcome(brotli), "UNSUPPORTED_CONTENT_ENCODING")).isTrue();

    // Labelled gzip but sent plain: an answer, not a closed connection.
    HttpResponse<String> notGzip = postBundleEncoded("gzip");
    assertThat(notGzip.statusCode()).isEqualTo(400);
    assertThat(hasIssue(outcome(notGzip), "INVALID_CONTENT_ENCODING")).isTrue();

    byte[] huge = new byte[HubConfig.forDev(dir).http().maxBodyBytes() + 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    HttpResponse<String> tooLarge = post("/fhir/r4/$process-message", huge, FHIR_JSON);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(hasIssue(outcome(tooLarge), "MESSAGE_TOO_LARGE")).isTrue();

    HttpResponse<String> empty = post("/fhir/r4/Bundle", new byte[0], FHIR_JSON);
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(hasIssue(outcome(empty), "BODY_EMPTY")).isTrue();
  }

  @Test
  void aFhirSubmissionHasAVerifiableReceipt() throws Exception {
    byte[] body = withIdentifier("immunization_message", "IZ20261118-0001", "IT-RECEIPT-1");
    HttpResponse<String> r = post("/fhir/r4/$process-message", body, FHIR_JSON);
    assertThat(r.statusCode()).isEqualTo(200);
    String id = submissionId(r);

    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () ->
                !"pending"
                    .equals(get("/api/v1/submissions/" + id + "/receipt").getString("status")));
    ReceiptJson.Parsed receipt = ReceiptJson.read(get("/api/v1/submissions/" + id + "/receipt"));
    LogLeaf leaf = LogLeaf.decode(receipt.leaf());
    assertThat(leaf.payloadSha256()).isEqualTo(MerkleHash.sha256(body));
    assertThat(leaf.controlId()).isEqualTo("urn:oid:2.16.840.1.113883.3.1234.1|IT-RECEIPT-1");
    assertThat(leaf.ackCode()).isEqualTo("AA");
    // Bundle.timestamp of the fixture, committed in the version-2 leaf.
    assertThat(leaf.messageCreatedAt()).contains(java.time.Instant.parse("2026-11-20T19:30:05Z"));
    assertThat(receipt.proof()).isPresent();
  }
}
