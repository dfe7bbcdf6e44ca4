package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.ingest.canonical.LabResult;
import io.vigil.ingest.validation.Finding;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a Bundle leaves out, and where else the hub finds it. */
class FhirAbsentValueTest {

  private static JsonObject bundle() throws Exception {
    return new JsonObject(
        new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8));
  }

  private static JsonObject resource(JsonObject bundle, String type) {
    return ExaminationDefectTest.resource(bundle, type);
  }

  private static FhirExamination examine(JsonObject b) {
    return FhirGoldenTest.EXAMINER.examine(
        b.encode().getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);
  }

  /** A value sent as only a data-absent-reason extension says what dataAbsentReason would. */
  @Test
  void aValueThatIsOnlyADataAbsentReasonIsNoValue() throws Exception {
    JsonObject b = bundle();
    JsonObject o = resource(b, "Observation");
    o.remove("valueCodeableConcept");
    o.put("_valueString", ExaminationDefectTest.ABSENT.copy());

    LabResult r = examine(b).report().orElseThrow().patients().get(0).labResults().get(0);

    // Read as "results cannot be obtained", as Observation.dataAbsentReason unknown is.
    assertThat(r.status()).isEqualTo("X");
    assertThat(r.value()).isEmpty();
  }

  @Test
  void aReportsReleaseTimeMayComeFromItsResults() throws Exception {
    JsonObject b = bundle();
    resource(b, "DiagnosticReport").remove("issued");
    assertThat(examine(b).findings())
        .extracting(Finding::code)
        .doesNotContain("DIAGNOSTICREPORT_ISSUED_MISSING");

    resource(b, "Observation").remove("issued");
    assertThat(examine(b).findings())
        .extracting(Finding::code)
        .contains("DIAGNOSTICREPORT_ISSUED_MISSING");
  }

  /** A birth date sent as unknown is told so, not that it is missing. */
  @Test
  void aDateSentAsUnknownIsSaidToBeUnknown() throws Exception {
    JsonObject b =
        new JsonObject(
            new String(FhirGoldenTest.fixture("immunization_message"), StandardCharsets.UTF_8));
    JsonObject patient = resource(b, "Patient");
    patient.remove("birthDate");
    patient.put("_birthDate", ExaminationDefectTest.ABSENT.copy());

    assertThat(examine(b).findings())
        .filteredOn(f -> f.code().equals("PATIENT_BIRTHDATE_MISSING"))
        .extracting(Finding::message)
        .singleElement()
        .asString()
        .contains("is unknown (sent as a data-absent-reason)");
  }
}
