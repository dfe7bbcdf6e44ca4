package io.vigil.ingest.validation;

import static io.vigil.ingest.hl7v2.TestMessages.set;
import static io.vigil.ingest.validation.ElrValidatorTest.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.ingest.hl7v2.TestMessages;
import org.junit.jupiter.api.Test;

/**
 * Answers to questions asked at order entry ({@link AskAtOrderEntry}): what is wrong with them is
 * told as warnings, never the reason the result beside them is refused.
 */
class AskAtOrderEntryTest {

  /**
   * An answer to a question asked at order entry (symptom onset, age) that is malformed is told of
   * as a warning: it qualifies the result beside it, which the hub counts, and is not counted.
   */
  @Test
  void warnsOfAMalformedAskAtOrderEntryAnswer() {
    String onset =
        TestMessages.oru()
            .replaceFirst(
                "\rSPM\\|",
                "\rOBX|9|DT|11368-8^Illness or injury onset date and time^LN||2024-08-10||||||F\rSPM|");
    assertThat(validate(onset))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("OBX5_INVALID", Severity.W));
    // Marked by OBX-29 QST (v2.8's observation type) whatever its code.
    String age =
        TestMessages.oru()
            .replaceFirst(
                "\rSPM\\|", "\rOBX|9|NM|99999-9^Age^L||39 years||||||F||||||||||||||||||QST\rSPM|");
    assertThat(validate(age))
        .extracting(Finding::code, Finding::severity)
        .containsExactlyInAnyOrder(
            tuple("OBX3_NO_LOINC", Severity.W), tuple("OBX5_DATA_TYPE", Severity.W));
    // The same value in a result the hub reads is still an error.
    assertThat(validate(age.replace("||||||||||||||||||QST", "")))
        .extracting(Finding::code, Finding::severity)
        .contains(tuple("OBX5_DATA_TYPE", Severity.E));
  }

  /**
   * An answer whose status is missing or not HL7's, or whose LOINC has a typo under OBX-29 QST,
   * refused the positive result it came with (elr5 a02, a08): warnings, as for its value. A
   * result's own status and code stay errors.
   */
  @Test
  void warnsOfAnAskAtOrderEntryAnswerWithoutAValidStatusOrCode() {
    String symptomatic =
        "\rOBX|9|CWE|95419-8^Has symptoms related to condition of interest^LN||N^No^HL70136";
    for (String answer :
        new String[] {
          symptomatic + "||||||",
          symptomatic + "||||||Q",
          symptomatic + "||||||f||||||||||||||||||QST"
        }) {
      String message = TestMessages.oru().replaceFirst("\rSPM\\|", answer + "\rSPM|");
      assertThat(validate(message))
          .as(answer)
          .isNotEmpty()
          .allMatch(f -> f.severity() == Severity.W && f.code().startsWith("OBX"));
    }
    String typo =
        TestMessages.oru()
            .replaceFirst(
                "\rSPM\\|",
                "\rOBX|9|CWE|95419-3^Symptomatic^LN||N^No^HL70136||||||F||||||||||||||||||QST\rSPM|");
    assertThat(validate(typo))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("OBX3_LOINC_CHECK_DIGIT", Severity.W));
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 11, "")))
        .extracting(Finding::code, Finding::severity)
        .contains(tuple("OBX11_MISSING", Severity.E));
  }

  /**
   * ELR R2 drafts, NBS and CDC's case-notification tests put the answers in an order of their own,
   * OBR-4 68991-9, without OBX-29 (new6 n01f, n02): an unknown date written {@code 99999999} or a
   * LOINC Part code there refused the positive result of the other order. Warnings, as under QST;
   * the same values in a result order stay errors.
   */
  @Test
  void readsEveryObservationOfAnEpidemiologicInformationOrderAsAnAnswer() {
    String questions =
        "\rORC|RE||EPI-0001^ACME Labs^05D0000001^CLIA"
            + "\rOBR|2||EPI-0001^ACME Labs^05D0000001^CLIA"
            + "|68991-9^Epidemiologically important information^LN|||20261119091500-0500"
            + "|||||||||||||||20261120140000-0500|||F"
            + "\rOBX|1|DT|75203-0^Last menstrual period start date^LN||99999999||||||F"
            + "\rOBX|2|CWE|LP48341-9^Cerebrospinal fluid leukocytes^LN||Y^Yes^HL70136||||||F";
    String msg = TestMessages.oru() + questions;
    assertThat(validate(msg))
        .extracting(Finding::code, Finding::severity)
        .containsExactlyInAnyOrder(
            tuple("OBX5_INVALID", Severity.W),
            tuple("OBX3_LOINC_FORMAT", Severity.W),
            tuple("SPM_MISSING", Severity.W));
    assertThat(validate(msg.replace("68991-9^Epidemiologically", "94500-6^SARS-CoV-2")))
        .extracting(Finding::code, Finding::severity)
        .contains(tuple("OBX5_INVALID", Severity.E), tuple("OBX3_LOINC_FORMAT", Severity.E));
  }

  /**
   * A result the trends count, sent in a 68991-9 order, is checked as a result: without its status
   * it was taken and counted as preliminary (regress7 q11). An answer beside it stays a warning,
   * and an OBR-4 68991-9 without its coding system is the same order (q14).
   */
  @Test
  void checksACountedResultInAnEpidemiologicInformationOrderAsAResult() {
    ElrValidator withValueSet =
        new ElrValidator(CultureText.NONE, io.vigil.ingest.deid.ReportableConditions.bundled());
    String msg =
        TestMessages.set(
            TestMessages.set(
                TestMessages.oru(), "OBR", 1, 4, "68991-9^Epidemiologically important information"),
            "OBX",
            1,
            11,
            "");
    msg = msg.replaceFirst("\rSPM\\|", "\rOBX|2|DT|75203-0^LMP^LN||99999999||||||\rSPM|");
    assertThat(
            withValueSet.validate(
                ElrValidatorTest.PARSER.parse(msg).message(), ElrValidatorTest.NOW))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .contains(
            tuple("OBX11_MISSING", Severity.E, "OBX(1)-11"),
            tuple("OBX11_MISSING", Severity.W, "OBX(2)-11"),
            tuple("OBX5_INVALID", Severity.W, "OBX(2)-5"));
    assertThat(
            withValueSet
                .validate(ElrValidatorTest.PARSER.parse(msg).message(), ElrValidatorTest.NOW)
                .stream()
                .filter(f -> f.code().equals("OBX5_INVALID"))
                .findFirst()
                .orElseThrow()
                .message())
        .contains("is a placeholder for an unknown date (99999999): leave it empty");
  }
}
