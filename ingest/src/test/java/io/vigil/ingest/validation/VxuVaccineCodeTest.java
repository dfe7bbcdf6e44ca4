package io.vigil.ingest.validation;

import static io.vigil.ingest.validation.VxuValidatorTest.NOW;
import static io.vigil.ingest.validation.VxuValidatorTest.PARSER;
import static io.vigil.ingest.validation.VxuValidatorTest.VALIDATOR;
import static io.vigil.ingest.validation.VxuValidatorTest.codes;
import static io.vigil.ingest.validation.VxuValidatorTest.rxa;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The vaccine of a dose (RXA-5): CVX, NDC and CPT codes, and how each is counted. */
class VxuVaccineCodeTest {

  @ParameterizedTest
  @ValueSource(strings = {"998^no vaccine administered^CVX", "999^unknown^CVX", "3^MMR^CVX"})
  void acceptsSpecialAndUnpaddedCvx(String code) {
    assertThat(codes(rxa(5, code))).isEmpty();
  }

  @Test
  void rejectsUnknownCvxInEitherTriplet() {
    assertThat(codes(rxa(5, "555^Bogus^CVX"))).containsExactly("RXA5_CVX_UNKNOWN");
    assertThat(codes(rxa(5, "12345^Local flu^L^555^Bogus^CVX")))
        .containsExactly("RXA5_CVX_UNKNOWN");
    assertThat(codes(rxa(5, "12345^Local flu^L^141^Influenza^CVX"))).isEmpty();
  }

  @Test
  void warnsWithoutCvxAndFailsWithoutCode() {
    assertThat(codes(rxa(5, "49281-0418-50^Fluzone^NDC"))).containsExactly("RXA5_NDC_ONLY");
    assertThat(codes(rxa(5, "49281-0418-50^Fluzone^NDC^141^Influenza^CVX"))).isEmpty();
    assertThat(codes(rxa(5, "FLU^Flu shot^L"))).containsExactly("RXA5_NO_CVX");
    assertThat(message(rxa(5, "FLU^Flu shot^L"), "RXA5_NO_CVX")).contains("received 'L'");
    assertThat(codes(rxa(5, ""))).containsExactly("RXA5_MISSING");
  }

  /**
   * An NDC and a CVX in one RXA-5 that CDC's crosswalk says are different vaccines (a flu NDC with
   * CVX 09, Td, in AIRA's DQA test of NIST-IZ-001) is told; it was counted as Td in silence. The
   * CVX sent is what is counted.
   */
  @Test
  void warnsWhenTheNdcAndTheCvxOfOneDoseDisagree() {
    String td = rxa(5, "33332-0010-01^Influenza^NDC^09^Td^CVX");
    assertThat(codes(td)).containsExactly("RXA5_CODES_DISAGREE");
    assertThat(message(td, "RXA5_CODES_DISAGREE"))
        .contains("NDC '33332-0010-01' is CVX 140")
        .contains("the CVX sent is 09 (TDAP)");
    assertThat(codes(rxa(5, "33332-0010-01^Influenza^NDC^140^Influenza^CVX"))).isEmpty();
  }

  /**
   * A CVX under an engine's local name for the system (a Pfizer dose as 217^…^LIM_CVX) is read as
   * the CVX it is, and the sender told; it was counted under OTHER. A code CDC does not have is
   * still no CVX.
   */
  @Test
  void readsACvxUnderALocalNameForItsSystem() {
    String pfizer = rxa(5, "217^PFIZER 12 YEARS \\T\\ UP SARS-COV-2 VACCINE^LIM_CVX");
    assertThat(codes(pfizer)).containsExactly("RXA5_CVX_CODING_SYSTEM");
    assertThat(message(pfizer, "RXA5_CVX_CODING_SYSTEM"))
        .contains("'LIM_CVX' is read as CVX")
        .contains("CVX 217");
    assertThat(codes(rxa(5, "995^Not a vaccine^CVX_CODE"))).containsExactly("RXA5_NO_CVX");
  }

  static String message(String text, String code) {
    return VALIDATOR.validate(PARSER.parse(text).message(), NOW).stream()
        .filter(f -> f.code().equals(code))
        .findFirst()
        .orElseThrow()
        .message();
  }

  /** The warning tells how the trends count an NDC-only or CPT-only dose, and stays a warning. */
  @Test
  void tellsHowAnNdcOrCptOnlyDoseIsCounted() {
    String flumist = rxa(5, "66019-0302-10^FluMist Quadrivalent^NDC");
    assertThat(VALIDATOR.validate(PARSER.parse(flumist).message(), NOW))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("RXA5_NDC_ONLY", Severity.W));
    assertThat(message(flumist, "RXA5_NDC_ONLY"))
        .contains("counted as CVX 149")
        .contains("CDC's NDC crosswalk")
        .contains("send the CVX code too");
    assertThat(message(rxa(5, "12345-6789-01^Unknown^NDC"), "RXA5_NDC_ONLY"))
        .contains("NDC '12345-6789-01' is not in CDC's NDC crosswalk")
        .contains("counted under vaccine group OTHER");
    assertThat(message(rxa(5, "58160-0821-11^Engerix-B^NDC"), "RXA5_NDC_ONLY"))
        .contains("to CVX 43 and 44")
        .contains("counted under vaccine group HEPB, with no CVX");

    String havrix = rxa(5, "90633^Hep A ped^CPT");
    assertThat(VALIDATOR.validate(PARSER.parse(havrix).message(), NOW))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("RXA5_NO_CVX", Severity.W));
    assertThat(message(havrix, "RXA5_NO_CVX"))
        .contains("coded in CPT only")
        .contains("counted as CVX 83")
        .contains("CDC's CPT-to-CVX mapping");
    assertThat(message(rxa(5, "90633^Hep A ped^C4"), "RXA5_NO_CVX")).contains("CVX 83");
    assertThat(message(rxa(5, "99999^Unknown^CPT"), "RXA5_NO_CVX"))
        .contains("CPT '99999' is not in CDC's CPT-to-CVX mapping")
        .contains("OTHER");
    assertThat(message(rxa(5, "FLU^Flu shot^L"), "RXA5_NO_CVX"))
        .contains("counted under vaccine group OTHER");
  }
}
