package io.vigil.ingest.ack;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.Hl7Decoder;
import io.vigil.ingest.hl7v2.MessageHeader;
import io.vigil.ingest.hl7v2.MshReader;
import io.vigil.ingest.validation.Finding;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AckPolicyTest {

  static Optional<MessageHeader> header(String msh15, String msh16) {
    return MshReader.read(
        "MSH|^~\\&|A|B|C|D|2026||ORU^R01|1|P|2.5.1|||" + msh15 + "|" + msh16 + "|");
  }

  @ParameterizedTest(name = "MSH-15 ''{0}'' MSH-16 ''{1}'' {2} stored={3} -> {4} send={5}")
  @CsvSource({
    // original mode
    "'', '', ACCEPT, true, AA, true",
    "'', '', ERROR, true, AE, true",
    "'', '', REJECT, true, AR, true",
    "'', '', REJECT, false, AR, true",
    "'', '', ACCEPT, false, AR, true",
    "'', '', ERROR, false, AR, true",
    // HL7's explicit null "" is not a value: still original mode
    "'\"\"', '\"\"', ACCEPT, true, AA, true",
    "'\"\"', '', ERROR, true, AE, true",
    "'', '\"\"', REJECT, true, AR, true",
    // enhanced mode
    "AL, NE, ACCEPT, true, CA, true",
    "AL, NE, ERROR, true, CA, true",
    "AL, NE, REJECT, true, CR, true",
    "AL, NE, ACCEPT, false, CE, true",
    "NE, AL, ACCEPT, true, CA, false",
    "NE, AL, REJECT, true, CR, false",
    "ER, AL, ACCEPT, true, CA, false",
    "ER, AL, ERROR, true, CA, false", // the application AE carries the content errors
    "ER, NE, ERROR, true, CA, true", // no application acknowledgement: the CA must carry them
    "ER, AL, REJECT, true, CR, true",
    "ER, AL, ACCEPT, false, CE, true",
    "SU, AL, ACCEPT, true, CA, true",
    "SU, AL, ERROR, true, CA, true", // committed: an accept-level success
    "SU, AL, REJECT, true, CR, false",
    "SU, AL, ACCEPT, false, CE, false",
    "'', AL, ACCEPT, true, CA, true",
    "XX, '', ACCEPT, true, CA, true",
  })
  void decides(
      String msh15, String msh16, Disposition d, boolean stored, AckCode code, boolean send) {
    assertThat(AckPolicy.decide(header(msh15, msh16), d, stored))
        .isEqualTo(new AckPolicy.Decision(code, send));
  }

  @ParameterizedTest(name = "MSH-15 ''{0}'' MSH-16 ''{1}'' {2} stored={3} -> application {4}")
  @CsvSource({
    // original mode: one acknowledgement, never an application one besides it
    "'', '', ACCEPT, true, ''",
    "'', '', ERROR, true, ''",
    // ER/AL (the CDC immunization guide's pattern, here on a lab report): the application
    // acknowledgement always
    "ER, AL, ACCEPT, true, AA",
    "ER, AL, ERROR, true, AE",
    "ER, AL, REJECT, true, ''", // the CR answers it
    "ER, AL, ACCEPT, false, ''", // not stored: no application processing, the CE answers
    "AL, AL, ACCEPT, true, AA",
    "AL, NE, ACCEPT, true, ''",
    "AL, NE, ERROR, true, ''",
    "AL, '', ACCEPT, true, ''", // empty MSH-16: none asked for
    "NE, NE, ACCEPT, true, ''",
    "NE, AL, ACCEPT, true, AA",
    "NE, AL, REJECT, true, AR", // no CR is sent, so the reject is answered here
    "NE, ER, ACCEPT, true, ''",
    "NE, ER, ERROR, true, AE",
    "NE, SU, ACCEPT, true, AA",
    "NE, SU, ERROR, true, ''",
    "SU, AL, REJECT, true, AR",
    "'', AL, ACCEPT, true, AA",
    "'', XX, ERROR, true, AE", // an unknown condition is treated as AL
  })
  void decidesApplicationAcknowledgement(
      String msh15, String msh16, Disposition d, boolean stored, String expected) {
    Optional<AckCode> app = AckPolicy.application(header(msh15, msh16), d, stored);
    assertThat(app.map(AckCode::name).orElse("")).isEqualTo(expected);
  }

  /**
   * The IZ guide's acknowledgement (Z23) carries only AA, AE or AR: a VXU is answered with one
   * application-level acknowledgement whatever MSH-15/16 ask for.
   */
  @ParameterizedTest(name = "VXU MSH-15 ''{0}'' MSH-16 ''{1}'' {2} stored={3} -> {4}")
  @CsvSource({
    "ER, AL, ACCEPT, true, AA",
    "ER, AL, ERROR, true, AE",
    "ER, AL, REJECT, true, AR",
    "AL, ER, ACCEPT, true, AA",
    "AL, ER, REJECT, true, AR",
    "NE, NE, ERROR, true, AE",
    "AL, AL, ACCEPT, true, AA",
    "ER, AL, ACCEPT, false, AR",
  })
  void answersAnImmunizationMessageWithOneApplicationLevelCode(
      String msh15, String msh16, Disposition d, boolean stored, AckCode code) {
    Optional<MessageHeader> vxu =
        MshReader.read(
            "MSH|^~\\&|A|B|C|D|2026||VXU^V04^VXU_V04|1|P|2.5.1|||" + msh15 + "|" + msh16 + "|");
    assertThat(AckPolicy.decide(vxu, d, stored)).isEqualTo(new AckPolicy.Decision(code, true));
    assertThat(AckPolicy.application(vxu, d, stored)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"ACCEPT, AA", "ERROR, AE", "REJECT, AR"})
  void withoutHeaderUsesOriginalMode(Disposition d, AckCode code) {
    assertThat(AckPolicy.decide(Optional.empty(), d, true))
        .isEqualTo(new AckPolicy.Decision(code, true));
  }

  @ParameterizedTest
  @CsvSource({"ACCEPT, true, 1", "ACCEPT, false, 2", "REJECT, false, 1"})
  void addsNotStoredFinding(Disposition d, boolean stored, int expected) {
    Examination e =
        new Examination(
            Hl7Decoder.decode(new byte[0]),
            Optional.empty(),
            "",
            d,
            List.of(Finding.warning("X", 101, "", "x")));
    List<Finding> findings = AckPolicy.findingsFor(e, stored);
    assertThat(findings).hasSize(expected);
    if (expected == 2) {
      assertThat(findings.get(0)).isEqualTo(AckPolicy.NOT_STORED);
    }
  }
}
