package io.vigil.ingest.validation;

import static io.vigil.ingest.hl7v2.TestMessages.set;
import static io.vigil.ingest.validation.ElrValidatorTest.PARSER;
import static io.vigil.ingest.validation.ElrValidatorTest.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.ingest.hl7v2.TestMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The patient's species (PID-35): an animal is named, anything else is a person. */
class SpeciesTest {
  /**
   * An animal's result (rabies) is stored and acknowledged, and the sender told it is not counted.
   */
  @Test
  void tellsOfAPatientThatIsNotHuman() {
    assertThat(validate(set(TestMessages.oru(), "PID", 1, 35, "44696006^Beagle^SCT")))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("PID35_NOT_HUMAN", Severity.I, "PID-35"));
    assertThat(validate(set(TestMessages.oru(), "PID", 1, 35, "337915000^Homo sapiens^SCT")))
        .isEmpty();
    assertThat(validate(set(TestMessages.oru(), "PID", 1, 35, "^Dog, domestic")))
        .extracting(Finding::code)
        .containsExactly("PID35_NOT_HUMAN");
  }

  /**
   * A PID-35 that names no species (Orchard's local number after an engine relabelled an older PID,
   * a null flavour, a stray letter) is a person, counted, and the sender told; it made the patient
   * an animal and the result left the trends.
   */
  @ParameterizedTest
  @ValueSource(strings = {"10000017", "UNK^Unknown^NULLFL", "H", "12345^Local species^L"})
  void countsAPatientWhoseSpeciesNamesNoneAsAPerson(String species) {
    String message = set(TestMessages.oru(), "PID", 1, 35, species);
    assertThat(validate(message))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("PID35_NOT_READ", Severity.W, "PID-35"));
    assertThat(Species.notHuman(parsedPid(message))).isFalse();
  }

  private static ca.uhn.hl7v2.model.v251.segment.PID parsedPid(String message) {
    return ((ca.uhn.hl7v2.model.v251.message.ORU_R01) PARSER.parse(message).message())
        .getPATIENT_RESULT()
        .getPATIENT()
        .getPID();
  }
}
