package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.validation.Finding;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FhirValidatorTest {

  @Test
  void anUnknownObservationStatusWithoutAValueIsAFindingNotAFailure() throws Exception {
    // The unknown code parses to a null status; WITH_RESULT.contains(null) threw NPE (a 500).
    String lab = new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8);
    int from = lab.indexOf("\"valueCodeableConcept\"");
    int to = lab.indexOf("\"specimen\"", from);
    String body =
        (lab.substring(0, from) + lab.substring(to))
            .replace("\"status\": \"final\"", "\"status\": \"banana\"");
    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            body.getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);
    assertThat(exam.disposition()).isEqualTo(Disposition.ERROR);
    assertThat(exam.findings())
        .extracting(Finding::code)
        .contains("VALUE_INVALID", "OBSERVATION_STATUS_MISSING");
  }

  @Test
  void anIdentifierTooLongToIndexIsAcceptedWithAWarning() throws Exception {
    String lab = new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8);
    String body = lab.replace("\"LAB20261120-0001\"", "\"" + "9".repeat(1200) + "\"");
    assertThat(body).as("the fixture's identifier was replaced").isNotEqualTo(lab);
    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            body.getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);
    assertThat(exam.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.findings()).extracting(Finding::code).contains("BUNDLE_IDENTIFIER_TOO_LONG");
    FhirExamination fits =
        FhirGoldenTest.EXAMINER.examine(
            lab.replace("\"LAB20261120-0001\"", "\"" + "9".repeat(900) + "\"")
                .getBytes(StandardCharsets.UTF_8),
            FhirOperation.PROCESS_MESSAGE);
    assertThat(fits.findings())
        .extracting(Finding::code)
        .doesNotContain("BUNDLE_IDENTIFIER_TOO_LONG");
  }
}
