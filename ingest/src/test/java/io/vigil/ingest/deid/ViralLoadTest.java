package io.vigil.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.canonical.Hl7v2ReportMapperTestAccess;
import io.vigil.ingest.canonical.LabResult;
import io.vigil.ingest.hl7v2.TestMessages;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A viral load is read from its number; the abnormal flag decides only where there is none. */
class ViralLoadTest {

  /** HCV RNA (11259-9) as labs send it: OBX-5 value, OBX-7 range, OBX-8 flag. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "3250000|<15|''|positive", // unflagged: it was indeterminate
        "3250000|Not Detected|''|positive",
        "3250000|''|''|positive",
        "3250000|<15|H|positive",
        ">^100000000|<15|''|positive",
        ">=^100000000|<15|''|positive",
        ">^1000|<15|''|positive",
        "=^1000|<15|''|positive",
        "^1000|<15|''|positive",
        "3,250,000 IU/mL|<15|''|positive",
        "1.2E6|<15|''|positive",
        "0|<15|''|negative",
        "0|<15|A|negative",
        "<^15|Not Detected|H|indeterminate", // Viracor style: it was positive
        "<15|Not Detected|H|indeterminate",
        "<^15|Not Detected|N|negative", // regress6 N3: N against Not detected is not detected
        "<^15|Not Detected|A|positive", // and A detected below the limit
        "<=^15|<15|A|positive", // no words: the flag says detected below the limit, as before
        "<^15|<15|N|negative", // and N not detected (regress5 D1: the answer was in an NTE)
        "<^15|<15|''|indeterminate",
        "TND|<15|H|negative",
        "Not detected|<15|A|negative",
        "Detected, <15 IU/mL|Not Detected|''|positive",
        "<15 IU/mL HCV RNA Detected|Not Detected|A|positive",
        "See report|<15|H|positive", // no number: the flag decides
        "See report|<15|''|indeterminate",
        "^15^-^20|<15|H|positive" // a range is no viral load: the flag decides
      })
  void readsAnHcvViralLoadFromItsNumber(String value, String range, String flag, String expected) {
    assertThat(Interpretation.of(result("11259-9", value, range, flag), false)).isEqualTo(expected);
  }

  /** A value below the limit is "detected, not quantifiable" or "not detected": the text says. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "<^15\\nHCV RNA detected, below the lower limit of quantification|H|positive",
        "<^15\\nTarget not detected|H|negative",
        "<^15\\nSee the attached report|H|positive" // no words decide: the flag does
      })
  void readsAValueBelowTheLimitFromItsTextAlone(String value, String flag, String expected) {
    assertThat(Interpretation.of(result("11259-9", value.replace("\\n", "\n"), "<15", flag), false))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "20447-9, <20, H, positive", // no reference range: the flag decides (with Viracor's
    // "Not Detected" as the range, H on <20 is no answer: see readsAnHcvViralLoadFromItsNumber)
    "20447-9, 5230, '', positive",
    "25836-8, 48, N, positive",
    "42595-9, =^2100, '', positive", // HBV DNA
    "38180-6, 6.51, '', positive", // HCV RNA, log IU/mL
    "11011-4, 0, H, negative"
  })
  void readsOtherViralLoadsSo(String loinc, String value, String flag, String expected) {
    assertThat(Interpretation.of(result(loinc, value, "", flag), false)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "13955-0, 0.95, H, positive", // HCV antibody index: its flag still decides
    "94500-6, 3250000, '', indeterminate", // a number under a qualitative test is no viral load
    "5671-3, 2, H, positive" // blood lead flagged H, its range unsent
  })
  void readsNoOtherTestSo(String loinc, String value, String flag, String expected) {
    assertThat(Interpretation.of(result(loinc, value, "", flag), false)).isEqualTo(expected);
  }

  /** The reviewer's h04: an unflagged 3,250,000 IU/mL was an indeterminate test, no case. */
  @Test
  void countsAnUnflaggedViralLoadAsAPositiveHepatitisCResult() {
    List<DeidentifiedEvent> events = events("NM", "3250000", "<15", "");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).condition()).isEqualTo("Hepatitis C");
    assertThat(events.get(0).interpretation()).isEqualTo("positive");
  }

  /** The reviewer's h30: SN &lt;^15, reference "Not Detected", flagged H, was a case. */
  @Test
  void countsAValueBelowTheLimitFlaggedHighAsNoCase() {
    List<DeidentifiedEvent> events = events("SN", "<^15", "Not Detected", "H");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).interpretation()).isEqualTo("indeterminate");
  }

  /** The golden ELR message with its result made an HCV RNA viral load. */
  private static List<DeidentifiedEvent> events(
      String type, String value, String range, String flag) {
    String m = TestMessages.oru();
    m = TestMessages.set(m, "OBX", 1, 2, type);
    m = TestMessages.set(m, "OBX", 1, 3, "11259-9^Hepatitis C virus RNA^LN");
    m = TestMessages.set(m, "OBX", 1, 5, value);
    m = TestMessages.set(m, "OBX", 1, 6, "[IU]/mL^[IU]/mL^UCUM");
    m = TestMessages.set(m, "OBX", 1, 7, range);
    m = TestMessages.set(m, "OBX", 1, 8, flag);
    return DeidentifierTest.deidentifier()
        .events(
            Hl7v2ReportMapperTestAccess.reportOf(m),
            42,
            DeidentifierTest.SUBMISSION,
            DeidentifierTest.RECEIVED);
  }

  private static LabResult result(String loinc, String value, String range, String flag) {
    return InterpretationTest.numeric(loinc, value, range, flag);
  }
}
