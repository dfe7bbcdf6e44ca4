package io.vigil.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoincTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"94500-6", "2160-0", "718-7", "8867-4", "625-4", "5671-3", "64994-7", "1-8"})
  void acceptsPublishedCodes(String code) {
    assertThat(Loinc.isValid(code)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"94500-5", "2160-1", "718-8", "8867-0"})
  void rejectsWrongCheckDigit(String code) {
    assertThat(Loinc.isWellFormed(code)).isTrue();
    assertThat(Loinc.isValid(code)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "94500", "94500-66", "12345678-9", "ABC-1", "-1", "94500 6"})
  void rejectsMalformedCodes(String code) {
    assertThat(Loinc.isWellFormed(code)).isFalse();
    assertThat(Loinc.isValid(code)).isFalse();
  }

  @Test
  void computesCheckDigitAsPublishedExample() {
    // LOINC's worked example: 12345 → check digit 5.
    assertThat(Loinc.checkDigit("12345")).isEqualTo(5);
    assertThat(Loinc.checkDigit("94500")).isEqualTo(6);
  }

  /** A LOINC Part code (CDC's MMGs list them for answers) is told for what it is (new6 n02). */
  @Test
  void namesAPartCodeForWhatItIs() {
    assertThat(Loinc.isWellFormed("LP48341-9")).isFalse();
    assertThat(Loinc.notWellFormed("LP48341-9")).contains("LOINC Part code");
    assertThat(Loinc.notWellFormed("lp69956-8")).contains("LOINC Part code");
    assertThat(Loinc.notWellFormed("94500-6X")).isEqualTo(" is not of the form NNNNN-N");
    assertThat(Loinc.notWellFormed("LA6576-8")).contains("LOINC answer code");
    assertThat(Loinc.notWellFormed("LG51306-5")).contains("LOINC Group code");
  }

  @Test
  void nullIsNotValid() {
    assertThat(Loinc.isValid(null)).isFalse();
  }
}
