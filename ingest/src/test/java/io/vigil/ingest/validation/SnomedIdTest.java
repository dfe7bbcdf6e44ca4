package io.vigil.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnomedIdTest {

  /** Result qualifiers and organisms ELR senders use, and the concept ids of the guides. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "260373001", // Detected
        "260415000", // Not detected
        "10828004", // Positive
        "260385009", // Negative
        "419984006", // Inconclusive
        "840533007", // SARS-CoV-2
        "337915000", // Homo sapiens
        "119297000", // Blood specimen
        "258500001", // Nasopharyngeal swab
        "44696006" // Beagle
      })
  void acceptsRealConceptIds(String code) {
    assertThat(SnomedId.isValid(code)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1234", "260373002", "260373000", "0260373001", "26037300A", ""})
  void refusesWhatCannotBeAnSctid(String code) {
    assertThat(SnomedId.isValid(code)).isFalse();
  }
}
