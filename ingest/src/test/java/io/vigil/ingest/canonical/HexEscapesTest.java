package io.vigil.ingest.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.hl7v2.TestMessages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names hex-escaped by ASCII-only senders read as the names they stand for. */
class HexEscapesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "Mu\\XF1\\oz; Muñoz",
        "Mu\\XC3B1\\oz; Muñoz",
        "O\\X27\\Brien; O'Brien",
        "Plain; Plain",
        "Odd\\XF\\; Odd\\XF\\"
      })
  void decodesHexEscapes(String sent, String read) {
    assertThat(HexEscapes.decode(sent)).isEqualTo(read);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {"Mu\\XF1\\oz^Jos\\XE9\\; Muñoz; José"})
  void aPatientsNameIsReadDecoded(String pid5, String family, String given) {
    Patient p =
        Hl7v2ReportMapperTest.reportOf(TestMessages.set(TestMessages.oru(), "PID", 1, 5, pid5))
            .patients()
            .get(0)
            .patient();
    assertThat(p.familyName()).isEqualTo(family);
    assertThat(p.givenName()).isEqualTo(given);
  }
}
