package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.validation.Finding;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FhirExaminerTest {

  @ParameterizedTest
  @ValueSource(strings = {"\"banana\"", "5", "true"})
  void refusesAnUnknownBundleTypeInsteadOfFailing(String type) throws Exception {
    // An unknown code left Bundle.type present without a value: getType().toCode() threw NPE.
    String lab = new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8);
    byte[] body = lab.replaceFirst("\"type\": \"message\"", "\"type\": " + type).getBytes();
    for (FhirOperation op : FhirOperation.values()) {
      FhirExamination exam = FhirGoldenTest.EXAMINER.examine(body, op);
      assertThat(exam.disposition()).isEqualTo(Disposition.REJECT);
      assertThat(exam.messageType()).isEqualTo("Bundle/");
      assertThat(exam.findings())
          .filteredOn(Finding::isError)
          .extracting(Finding::code)
          .first()
          .isEqualTo("BUNDLE_TYPE_UNKNOWN");
    }
  }
}
