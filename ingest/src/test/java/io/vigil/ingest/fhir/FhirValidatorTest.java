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
}
