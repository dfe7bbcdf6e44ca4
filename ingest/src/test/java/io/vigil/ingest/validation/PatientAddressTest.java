package io.vigil.ingest.validation;

import static io.vigil.ingest.hl7v2.TestMessages.set;
import static io.vigil.ingest.validation.ElrValidatorTest.codes;
import static io.vigil.ingest.validation.ElrValidatorTest.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.ingest.hl7v2.TestMessages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PID-11, the address the trends place a patient by (the residence among its repetitions). */
class PatientAddressTest {

  /**
   * A residence whose state names no US state or territory counts in no state: the sender is told,
   * with the state quoted; forms the trends read (a name, a FIPS code, {@code N.Y.}) and another
   * country's province are not flagged.
   */
  @Test
  void warnsOfAStateTheTrendsCannotPlace() {
    String typo = set(TestMessages.oru(), "PID", 1, 11, "123 Main St^^Springfield^IZ^62701^USA^H");
    assertThat(validate(typo))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("PID11_STATE_NOT_READ", Severity.W, "PID-11.4"));
    assertThat(validate(typo).get(0).message())
        .contains("'IZ'")
        .contains("counted in no state (its ZIP3 is kept)");
    String tijuana = set(TestMessages.oru(), "PID", 1, 11, "Calle 2a 1234^^Tijuana^BCN^22000^^H");
    assertThat(validate(tijuana))
        .singleElement()
        .extracting(Finding::message)
        .asString()
        .contains("'BCN' is a Canadian province or a Mexican state")
        .contains("send its country in PID-11.6");
    String apo = set(TestMessages.oru(), "PID", 1, 11, "Unit 2050 Box 4190^^APO^AE^09096^USA^M");
    assertThat(codes(validate(apo))).containsExactly("PID11_STATE_NOT_READ");
    for (String fine :
        List.of(
            "123 Main St^^Springfield^Illinois^62701^USA^H",
            "123 Main St^^Springfield^17^62701^USA^H",
            "123 Main St^^Springfield^I.L.^62701^USA^H",
            "123 Main St^^Springfield^UNK^62701^USA^H",
            "Av. Juarez 10^^Guadalajara^JAL^44100^MEX^H",
            // The residence names the state; a mailing address elsewhere is not judged.
            "123 Main St^^Springfield^IL^62701^USA^H~PO Box 1^^Nowhere^QQ^^^M")) {
      assertThat(validate(set(TestMessages.oru(), "PID", 1, 11, fine))).as(fine).isEmpty();
    }
  }
}
