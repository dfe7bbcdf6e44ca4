package io.vigil.ingest.validation;

import static io.vigil.ingest.hl7v2.TestMessages.set;
import static io.vigil.ingest.validation.ElrValidatorTest.NOW;
import static io.vigil.ingest.validation.ElrValidatorTest.PARSER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.ingest.deid.ReportableConditions;
import io.vigil.ingest.hl7v2.TestMessages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample orders 94500-6 (SARS-CoV-2 RNA, in the bundled value set) and results it. */
class ReportableOrdersTest {

  private static final ElrValidator VALIDATOR =
      new ElrValidator(CultureText.NONE, ReportableConditions.bundled());

  /** The 2003 SARS code MEDITECH results a SARS-CoV-2 RNA order under: not in the value set. */
  private static final String SARS_2003 = "41458-1^SARS coronavirus RNA^LN";

  private static List<Finding> validate(String text) {
    return VALIDATOR.validate(PARSER.parse(text).message(), NOW);
  }

  @Test
  void warnsWhenNoResultOfAReportableOrderIsReportable() {
    List<Finding> findings = validate(set(TestMessages.oru(), "OBX", 1, 3, SARS_2003));
    assertThat(findings)
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(
            tuple("OBX3_NOT_REPORTABLE_UNDER_REPORTABLE_ORDER", Severity.W, "OBR(1)-4"));
    assertThat(findings.get(0).message())
        .contains(
            "'94500-6'",
            "'41458-1' is not",
            "not in the value set the trends count by",
            "a deprecated or local code?");
    // Without a value set the rule does not apply.
    assertThat(
            new ElrValidator()
                .validate(
                    PARSER.parse(set(TestMessages.oru(), "OBX", 1, 3, SARS_2003)).message(), NOW))
        .isEmpty();
  }

  @Test
  void looksPastAnswersAskedAtOrderEntry() {
    // A first-test answer (95417-2) is not a result: the order's one result still counts nothing.
    String msg = set(TestMessages.oru(), "OBX", 1, 3, SARS_2003);
    msg = msg.replace("\rSPM|", "\rOBX|2|CWE|95417-2^First test^LN||Y^Yes^HL70136||||||F\rSPM|");
    assertThat(validate(msg))
        .extracting(Finding::code)
        .containsExactly("OBX3_NOT_REPORTABLE_UNDER_REPORTABLE_ORDER");
    // Answers alone are no result to judge, and a result the value set lists counts.
    String answersOnly =
        set(TestMessages.oru(), "OBX", 1, 3, "95417-2^First test^LN")
            .replace("260373001^Detected^SCT", "Y^Yes^HL70136");
    assertThat(validate(answersOnly)).isEmpty();
    assertThat(validate(TestMessages.oru())).isEmpty();
  }

  @Test
  void aReportableOrganismCountsWhateverItsCode() {
    // A coded SARS-CoV-2 organism (840533007) counts under any OBX-3; a negative does not.
    String organism =
        set(TestMessages.oru(), "OBX", 1, 3, SARS_2003)
            .replace("260373001^Detected^SCT", "840533007^SARS-CoV-2^SCT");
    assertThat(validate(organism)).isEmpty();
    String negative =
        set(TestMessages.oru(), "OBX", 1, 3, SARS_2003)
            .replace("260373001^Detected^SCT", "260415000^Not detected^SCT");
    assertThat(validate(negative))
        .extracting(Finding::code)
        .containsExactly("OBX3_NOT_REPORTABLE_UNDER_REPORTABLE_ORDER");
    // A cancelled order counts nothing whatever its codes.
    String cancelled = set(set(TestMessages.oru(), "OBX", 1, 3, SARS_2003), "OBR", 1, 25, "X");
    assertThat(validate(cancelled)).extracting(Finding::code).containsExactly("OBR25_CANCELLED");
  }
}
