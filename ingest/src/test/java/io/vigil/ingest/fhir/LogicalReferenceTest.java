package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.validation.Finding;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A subject given as a logical reference, by identifier only (FHIR R4 Reference: "reference and/or
 * identifier"), names the one Patient of the Bundle carrying that identifier.
 */
class LogicalReferenceTest {
  private static final JsonObject BY_MRN =
      new JsonObject()
          .put(
              "identifier",
              new JsonObject()
                  .put("system", "urn:oid:2.16.840.1.113883.3.1234.2")
                  .put("value", "MRN12345"));

  private static JsonObject bundle() throws Exception {
    JsonObject b =
        new JsonObject(new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8));
    for (Object e : b.getJsonArray("entry")) {
      JsonObject r = ((JsonObject) e).getJsonObject("resource");
      if (r.containsKey("subject")) {
        r.put("subject", BY_MRN.copy());
      }
    }
    return b;
  }

  private static FhirExamination examine(JsonObject b) {
    return FhirGoldenTest.EXAMINER.examine(
        b.encode().getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);
  }

  @Test
  void aSubjectByIdentifierNamesThePatientCarryingIt() throws Exception {
    FhirExamination exam = examine(bundle());

    assertThat(exam.findings()).noneMatch(Finding::isError);
    assertThat(exam.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.report().orElseThrow().patients().get(0).patient().familyName())
        .isEqualTo("Testpatient");
  }

  @Test
  void anIdentifierNoPatientOrTwoPatientsCarryNamesNone() throws Exception {
    JsonObject unknown = bundle();
    for (Object e : unknown.getJsonArray("entry")) {
      JsonObject r = ((JsonObject) e).getJsonObject("resource");
      if (r.containsKey("subject")) {
        r.getJsonObject("subject").getJsonObject("identifier").put("value", "MRN99999");
      }
    }
    assertThat(examine(unknown).findings()).extracting(Finding::code).contains("SUBJECT_MISSING");

    JsonObject twice = bundle();
    JsonObject patient = null;
    for (Object e : twice.getJsonArray("entry")) {
      JsonObject entry = (JsonObject) e;
      if (entry.getJsonObject("resource").getString("resourceType").equals("Patient")) {
        patient = entry.copy();
      }
    }
    patient.put("fullUrl", "urn:uuid:00000000-0000-4000-8000-0000000000aa");
    patient.getJsonObject("resource").put("id", "twin");
    twice.getJsonArray("entry").add(patient);
    assertThat(examine(twice).findings()).extracting(Finding::code).contains("SUBJECT_MISSING");
  }
}
