package io.vigil.ingest.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.deid.Interpretation;
import io.vigil.ingest.hl7v2.TestMessages;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Narrative results broken into lines (FT's {@code \.br\}, TX repetitions, hex line ends) or
 * highlighted ({@code \H\…\N\}) are read as their lines: the answer on the second line counts,
 * where the positive was counted as indeterminate.
 */
class TextResultTest {

  /** The golden ORU with its OBX as a text result of {@code type}. */
  private static LabResult result(String type, String value) {
    String oru =
        TestMessages.set(
            TestMessages.set(TestMessages.oru(), "OBX", 1, 2, type), "OBX", 1, 5, value);
    return Hl7v2ReportMapperTest.reportOf(oru).patients().get(0).labResults().get(0);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "FT; SARS-CoV-2 RNA:\\.br\\DETECTED; positive",
        "TX; SARS-CoV-2 RNA:~DETECTED; positive",
        "TX; SARS-CoV-2 RNA:\\X0D\\\\X0A\\DETECTED; positive",
        "TX; SARS-CoV-2 RNA:\\X0D0A\\DETECTED; positive",
        "ST; \\H\\Detected\\N\\; positive",
        "FT; SARS-CoV-2 RNA:\\.sp\\NOT DETECTED; negative",
        "TX; SARS-CoV-2 RNA:~~NOT DETECTED; negative",
        "FT; \\.ce\\Result:\\.br\\Not detected\\.br\\Comment: see note; negative",
        // The lab's own "Inconclusive" stands; the fact sheet and control lines under a result
        // are about the test, not this result.
        "TX; Inconclusive~Negative results do not preclude SARS-CoV-2 infection.; indeterminate",
        "TX; Inconclusive~Positive results are indicative of SARS-CoV-2 RNA.; indeterminate",
        "FT; Invalid\\.br\\Negative and positive controls performed as expected; indeterminate",
        "FT; Presumptive\\.br\\Negative control: passed; indeterminate",
        "TX; SARS-CoV-2 RNA:~Negative results do not preclude infection.; indeterminate",
        "TX; Not detected~Positive results are indicative of infection.; negative"
      })
  void readsATextResultByItsLines(String type, String value, String outcome) {
    assertThat(Interpretation.of(result(type, value), false)).isEqualTo(outcome);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "SARS-CoV-2 RNA:\\.br\\DETECTED; SARS-CoV-2 RNA:|DETECTED",
        "\\H\\Detected\\N\\ by PCR; Detected by PCR",
        "A~~B; A|B",
        // Hex data other than line ends stays as sent.
        "Mu\\XF1\\oz 3; Mu\\XF1\\oz 3"
      })
  void keepsTheTextAndItsLines(String value, String lines) {
    assertThat(List.of(result("TX", value).value().split("\n")))
        .containsExactly(lines.split("\\|"));
  }
}
