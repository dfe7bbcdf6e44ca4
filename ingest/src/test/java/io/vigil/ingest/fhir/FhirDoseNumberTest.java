package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dose number of an Immunization, from its protocolApplied: one per target disease for a
 * combination vaccine (the FHIR R4 Twinrix example: hepatitis A dose 1, hepatitis B dose 2). Every
 * vaccine group of the dose gets the same number, so it counts only where they agree.
 */
class FhirDoseNumberTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "{\"doseNumberPositiveInt\": 2}; 2",
        "{\"doseNumberString\": \"3\"}; 3",
        "{\"doseNumberPositiveInt\": 1}, {\"doseNumberPositiveInt\": 2}; ''",
        "{\"doseNumberPositiveInt\": 2}, {\"doseNumberString\": \"2\"}; 2",
        "{\"doseNumberString\": \"Booster\"}; ''",
      })
  void countsTheDoseNumberWhereTheProtocolsAgree(String applied, String dose) throws Exception {
    String bundle =
        new String(FhirGoldenTest.fixture("immunization_message"), StandardCharsets.UTF_8)
            .replaceFirst(
                "\"protocolApplied\": \\[[^\\]]*\\]", "\"protocolApplied\": [" + applied + "]");
    assertThat(bundle).contains(applied);

    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            bundle.getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);

    assertThat(exam.report().orElseThrow().patients().get(0).immunizations().get(0).doseNumber())
        .isEqualTo(dose.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(dose)));
  }
}
