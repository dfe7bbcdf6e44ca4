package io.vigil.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.canonical.Hl7v2ReportMapperTestAccess;
import io.vigil.ingest.hl7v2.TestMessages;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A syphilis titer is measured on reactive specimens: an unflagged {@code 1:64} was an
 * indeterminate test, and CDC's STD MMG test case's reflex-only TP-PA lost its case (new6 n01a-c,
 * n01h). The lab's own cut ({@code <1:80}) and its flag still decide where they speak.
 */
class SyphilisTiterTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SN|^1^:^64|<1:8|''|positive", // n01a: above the lab's cut, unflagged
        "SN|^1^:^64|''|''|positive", // n01b: no range, no flag: a titer is reactive
        "ST|1:64|''|''|positive", // n01c: as text
        "SN|^1^:^1|''|''|positive", // reactive undiluted
        "SN|^1^:^64|<1:8|RR|positive", // n01h: v2.7's "reactive" flag
        "SN|^1^:^2|<1:8|RR|positive", // the flag speaks before the cut
        "SN|^1^:^40|<1:80|''|negative", // a TP-PA titer below its cut
        "SN|^1^:^80|<1:80|''|positive",
        // regress7: the cut in words or brackets, or <=; HL7's / ratio; the lab's R beside it.
        "ST|1:40|Non-Reactive <1:80|''|negative",
        "SN|^1^:^4|(<1:8)|''|negative",
        "SN|^1^:^4|<1:8 Nonreactive|''|negative",
        "SN|^1^:^4|<=1:4|''|negative",
        "SN|^1^:^8|<=1:4|''|positive",
        "SN|^1^/^16|''|''|positive",
        "ST|1/16|<1:1|''|positive",
        "ST|1:8 (R)|''|''|positive",
        "ST|R 1:64|''|''|positive",
        "ST|1:>1024|''|''|positive",
        "SN|^1^:^4|Nonreactive|''|positive", // words, no cut: a titer is reactive
        "SN|<^1^:^8|<1:8|''|negative", // n01d: below the first dilution, as before
        "SN|^1^:^64|<1:8|N|negative", // the lab's flag decides
        "ST|1:64|<1:8|NR|negative",
        "ST|See report|''|''|indeterminate",
        "NM|64|<1:8|''|indeterminate" // a bare number is no titer
      })
  void readsASyphilisTiterAsItsLabMeansIt(
      String type, String value, String range, String flag, String expected) {
    List<DeidentifiedEvent> events =
        events("31147-2^Reagin Ab [Titer] in Serum by RPR^LN", type, value, range, flag);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.condition()).isEqualTo("Syphilis");
              assertThat(e.interpretation()).isEqualTo(expected);
            });
  }

  /** Another condition's titer is not read so: above an antibody's range may be immunity. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"''", "<1:8"})
  void readsNoOtherConditionsTiterSo(String range) {
    List<DeidentifiedEvent> events =
        events("94500-6^SARS-CoV-2 RNA^LN", "SN", "^1^:^64", range, "");
    assertThat(events)
        .singleElement()
        .extracting(DeidentifiedEvent::interpretation)
        .isEqualTo("indeterminate");
  }

  private static List<DeidentifiedEvent> events(
      String test, String type, String value, String range, String flag) {
    String m = TestMessages.oru();
    m = TestMessages.set(m, "OBR", 1, 4, test);
    m = TestMessages.set(m, "OBX", 1, 2, type);
    m = TestMessages.set(m, "OBX", 1, 3, test);
    m = TestMessages.set(m, "OBX", 1, 5, value);
    m = TestMessages.set(m, "OBX", 1, 7, range);
    m = TestMessages.set(m, "OBX", 1, 8, flag);
    return DeidentifierTest.deidentifier()
        .events(
            Hl7v2ReportMapperTestAccess.reportOf(m),
            42,
            DeidentifierTest.SUBMISSION,
            DeidentifierTest.RECEIVED);
  }
}
