package io.vigil.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The "unknown" birth dates registration systems write, at any precision. */
class PlaceholderBirthDatesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"19000101", "19010101", "18991231", "1900", "190001", "18500101120000", "1899"})
  void readsTheseAsUnknown(String hl7) {
    assertThat(PlaceholderBirthDates.is(hl7)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"19010102", "1901", "19850315", "2026", "", "abcd", "19", "0000"})
  void keepsTheseAsBirthDates(String hl7) {
    assertThat(PlaceholderBirthDates.is(hl7)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1900-01-01", "1900", "1900-01", "1899-12-31"})
  void readsTheFhirFormsToo(String iso) {
    assertThat(PlaceholderBirthDates.isIso(iso)).isTrue();
    assertThat(PlaceholderBirthDates.isIso(iso.replace("1900", "1950").replace("1899", "1950")))
        .isFalse();
  }
}
