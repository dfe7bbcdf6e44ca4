package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.validation.Finding;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FhirExaminerTest {

  @Test
  void mapsABirthDateWithSurroundingBlanksInsteadOfFailing() throws Exception {
    // Accepted by HAPI and FhirDates (which trim) but LocalDate.parse threw in the mapper (a 500).
    String lab = new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8);
    byte[] body =
        lab.replace("\"birthDate\": \"1985-03-15\"", "\"birthDate\": \" 1985-03-15 \"")
            .getBytes(StandardCharsets.UTF_8);
    FhirExamination exam = FhirGoldenTest.EXAMINER.examine(body, FhirOperation.PROCESS_MESSAGE);
    assertThat(exam.disposition()).as(exam.findings().toString()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.report().orElseThrow().patients().get(0).patient().birthDate())
        .contains(LocalDate.of(1985, 3, 15));
  }

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
