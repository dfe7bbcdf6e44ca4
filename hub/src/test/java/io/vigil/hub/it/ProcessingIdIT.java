package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.hub.HubConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub that counts production messages only ({@code deid.processing-ids=P}, as {@code start}
 * does): a training message (HL7 v2 MSH-11 {@code T}, a FHIR Bundle tagged {@code v2-0103|T}) is
 * stored and acknowledged like any other, the answer says it is not counted, and it adds no event
 * to the outbox; the same report sent as production does.
 */
class ProcessingIdIT {
  @TempDir static Path dir;
  static HubFixture fixture;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    HubConfig config = HubConfig.forDev(dir);
    fixture = new HubFixture(config.withEvents(config.events().withProcessingIds(Set.of("P"))));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void anHl7v2TrainingMessageIsStoredAndAnsweredButNotCounted() throws Exception {
    String production = TestMessages.elr("22D2222222", "PROC-P-1");
    String training =
        TestMessages.elr("22D2222222", "PROC-T-1").replace("|PROC-T-1|P|", "|PROC-T-1|T|");
    assertThat(training).contains("|PROC-T-1|T|2.5.1|");

    JsonObject p =
        receipt(fixture.postHl7v2(production, "x-application/hl7-v2+er7", "application/json"));
    JsonObject t =
        receipt(fixture.postHl7v2(training, "x-application/hl7-v2+er7", "application/json"));

    assertThat(p.getString("ackCode")).isEqualTo("AA");
    assertThat(p.encode()).doesNotContain("PROCESSING_ID_NOT_COUNTED");
    assertThat(t.getString("ackCode")).isEqualTo("AA");
    assertThat(t.getBoolean("stored")).isTrue();
    assertThat(t.encode()).contains("PROCESSING_ID_NOT_COUNTED").contains("MSH-11");
    assertThat(events(p.getString("submissionId"))).isPositive();
    assertThat(events(t.getString("submissionId"))).isZero();

    // The ER7 answer carries the same finding as an informational ERR segment.
    String ack =
        fixture
            .postHl7v2(
                TestMessages.elr("22D2222222", "PROC-T-2").replace("|PROC-T-2|P|", "|PROC-T-2|T|"),
                "x-application/hl7-v2+er7",
                null)
            .body();
    assertThat(ack)
        .contains("MSA|AA|PROC-T-2")
        .containsPattern("ERR\\|[^\r]*PROCESSING_ID_NOT_COUNTED");
  }

  @Test
  void aFhirBundleTaggedAsTrainingIsStoredAndAnsweredButNotCounted() throws Exception {
    String bundle = new String(FhirIngestIT.fixture("lab_message"), StandardCharsets.UTF_8);
    String production = bundle.replace("\"LAB20261120-0001\"", "\"PROC-FHIR-P\"");
    String training =
        bundle
            .replace("\"LAB20261120-0001\"", "\"PROC-FHIR-T\"")
            .replaceFirst(
                "\"meta\": \\{",
                "\"meta\": {\"tag\": [{\"system\":"
                    + " \"http://terminology.hl7.org/CodeSystem/v2-0103\", \"code\": \"T\"}],");
    assertThat(training).contains("v2-0103");

    HttpResponse<String> p = postFhir(production);
    HttpResponse<String> t = postFhir(training);

    assertThat(p.statusCode()).isEqualTo(200);
    assertThat(t.statusCode()).isEqualTo(200);
    assertThat(p.body()).doesNotContain("PROCESSING_ID_NOT_COUNTED");
    assertThat(t.body()).contains("PROCESSING_ID_NOT_COUNTED");
    assertThat(events(FhirIngestIT.submissionId(p))).isPositive();
    assertThat(events(FhirIngestIT.submissionId(t))).isZero();
  }

  private static JsonObject receipt(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static HttpResponse<String> postFhir(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + fixture.hub.httpPort() + "/fhir/r4/$process-message"))
            .header("Content-Type", "application/fhir+json")
            .header("Authorization", fixture.bearer("sender"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long events(String submissionId) throws Exception {
    return fixture.scalar(
        "SELECT count(*) FROM event_outbox WHERE submission_id = '" + submissionId + "'");
  }
}
