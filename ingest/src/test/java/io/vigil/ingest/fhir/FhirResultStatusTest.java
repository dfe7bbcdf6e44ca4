package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A FHIR result's status as the trends read it: a report withdrawn or cancelled takes its results
 * with it (many FHIR APIs mark the DiagnosticReport and leave its Observations as they were), and a
 * result absent for a reason is no result, as OBX-11 X is none in HL7 v2.
 */
class FhirResultStatusTest {

  @ParameterizedTest
  @CsvSource({
    "final, final, '', F",
    "final, entered-in-error, '', W",
    "final, cancelled, '', X",
    "entered-in-error, final, '', W",
    "preliminary, final, '', P",
    "final, final, not-performed, X",
    "final, final, error, X",
    "final, final, temp-unknown, I",
    "final, final, as-text, F",
    "final, , '', F"
  })
  void readsTheReportAndAnAbsentValue(
      String observation, String report, String absent, String expected) {
    Observation o = new Observation().setStatus(ObservationStatus.fromCode(observation));
    if (absent.isEmpty()) {
      o.setValue(new StringType("Detected"));
    } else {
      CodeableConcept reason = new CodeableConcept();
      reason
          .addCoding()
          .setSystem("http://terminology.hl7.org/CodeSystem/data-absent-reason")
          .setCode(absent);
      o.setDataAbsentReason(reason);
    }
    DiagnosticReport dr =
        report == null
            ? null
            : new DiagnosticReport().setStatus(DiagnosticReportStatus.fromCode(report));
    assertThat(FhirLabResults.resultStatus(o, dr)).isEqualTo(expected);
  }
}
