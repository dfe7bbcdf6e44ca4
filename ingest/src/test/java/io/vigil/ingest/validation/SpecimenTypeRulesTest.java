package io.vigil.ingest.validation;

import static io.vigil.ingest.hl7v2.TestMessages.set;
import static io.vigil.ingest.validation.ElrValidatorTest.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.ingest.hl7v2.TestMessages;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecimenTypeRulesTest {

  private static List<Finding> withSpecimenType(String type) {
    return validate(set(TestMessages.oru(), "SPM", 1, 4, type));
  }

  @Test
  void warnsOfASnomedCodeWithAWrongCheckDigit() {
    // 122575003 is Urine specimen; the last digit changed fails the Verhoeff check.
    assertThat(withSpecimenType("122575004^Urine specimen^SCT"))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("SPM4_SCT_INVALID", Severity.W, "SPM(1)-4"));
    assertThat(withSpecimenType("UR^Urine^HL70487^122575004^Urine specimen^SCT"))
        .extracting(Finding::code)
        .containsExactly("SPM4_SCT_INVALID");
  }

  @Test
  void warnsOfACodeWithoutACodingSystem() {
    assertThat(withSpecimenType("UR^Urine"))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("SPM4_NO_CODING_SYSTEM", Severity.W, "SPM(1)-4"));
    assertThat(withSpecimenType("122575003^Urine specimen^SCT^URN^Urine"))
        .extracting(Finding::code)
        .containsExactly("SPM4_NO_CODING_SYSTEM");
  }

  @Test
  void warnsOfALocalCodeAlone() {
    assertThat(withSpecimenType("URN^Urine^L"))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("SPM4_NO_STANDARD_CODE", Severity.W, "SPM(1)-4"));
    // A standard code in either triplet, HL7's tables 0487 and 0070, and a null flavor are read.
    for (String type :
        List.of(
            "URN^Urine^L^122575003^Urine specimen^SCT",
            "UR^Urine^HL70487",
            "BLDV^Blood venous^HL70070",
            "UNK^Unknown^NullFlavor")) {
      assertThat(withSpecimenType(type)).as(type).isEmpty();
    }
  }
}
