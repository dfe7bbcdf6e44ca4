package io.vigil.ingest.validation;

import static io.vigil.ingest.hl7v2.TestMessages.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.ingest.hl7v2.TestMessages;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ELR validator on a result's value (OBX-2 value type against OBX-5): numbers, structured
 * numerics, comparators, coded values sent as text, empty values and OBX-1.
 */
class ElrResultValueTest {
  static List<Finding> validate(String text) {
    return ElrValidatorTest.validate(text);
  }

  static List<String> codes(List<Finding> findings) {
    return ElrValidatorTest.codes(findings);
  }

  @Test
  void checksNumericValuesAgainstValueType() {
    String msg = set(set(TestMessages.oru(), "OBX", 1, 2, "NM"), "OBX", 1, 5, "positive");
    assertThat(codes(validate(msg))).containsExactly("OBX5_DATA_TYPE");
    assertThat(validate(set(set(TestMessages.oru(), "OBX", 1, 2, "NM"), "OBX", 1, 5, "-12.5")))
        .isEmpty();
  }

  /**
   * A coded result under OBX-2 NM: HAPI reads the code as the number and sets the rest aside, so it
   * was accepted and its meaning ("Detected") lost. An empty component after the number is not one.
   */
  @Test
  void refusesANumericValueWithMoreComponents() {
    String nm = set(TestMessages.oru(), "OBX", 1, 2, "NM");
    assertThat(codes(validate(set(nm, "OBX", 1, 5, "260373001^Detected^SCT"))))
        .containsExactly("OBX5_DATA_TYPE");
    assertThat(codes(validate(set(nm, "OBX", 1, 5, "5^mg")))).containsExactly("OBX5_DATA_TYPE");
    assertThat(validate(set(nm, "OBX", 1, 5, "7.5^"))).isEmpty();
  }

  /**
   * The two SN slips of interface builders (elr5 sn01, sn10, sn14): the comparator in SN-2 behind
   * an empty SN-1 (^<^15, a viral load's or a blood lead's limit) and a titer with SN-1 dropped
   * (1^:^64) refused the whole report, where the same values unsplit were only warned of. Each has
   * one reading; anything else split wrongly stays a data type error.
   */
  @Test
  void readsAStructuredNumericSplitOneComponentOffWithAWarning() {
    String sn = set(TestMessages.oru(), "OBX", 1, 2, "SN");
    for (String value : new String[] {"^<^15", "^<=^3.3", "1^:^64", "1^/^8"}) {
      List<Finding> findings = validate(set(sn, "OBX", 1, 5, value));
      assertThat(findings)
          .as(value)
          .extracting(Finding::code, Finding::severity)
          .containsExactly(tuple("OBX5_SN_NOT_STRUCTURED", Severity.W));
    }
    assertThat(validate(set(sn, "OBX", 1, 5, "^<^15")).get(0).message())
        .contains("split one component off (read as <15)");
    assertThat(validate(set(sn, "OBX", 1, 5, "1^:^64")).get(0).message())
        .contains("(read as 1:64)");
    for (String value : new String[] {"1^^64", "^<^high", "^x^15", "1^:^64^2", "^<^15^3"}) {
      assertThat(codes(validate(set(sn, "OBX", 1, 5, value))))
          .as(value)
          .containsExactly("OBX5_DATA_TYPE");
    }
  }

  /**
   * A qualifier value whose own text says the opposite (elr5 q04: 260373001^Not detected^SCT, a
   * mapping table one row off) was counted as the code said: told, and counted as indeterminate.
   */
  @Test
  void warnsOfAQualifierWhoseTextSaysTheOpposite() {
    for (String value :
        new String[] {
          "260373001^Not detected^SCT",
          "260385009^Positive^SCT",
          "LOCAL^Result^L^10828004^Negative^SCT"
        }) {
      assertThat(validate(set(TestMessages.oru(), "OBX", 1, 5, value)))
          .as(value)
          .extracting(Finding::code, Finding::severity)
          .containsExactly(tuple("OBX5_CODE_TEXT_DISAGREE", Severity.W));
    }
    for (String value :
        new String[] {"260373001^Detected^SCT", "260415000^Not detected^SCT", "260373001^^SCT"}) {
      assertThat(validate(set(TestMessages.oru(), "OBX", 1, 5, value))).as(value).isEmpty();
    }
  }

  /** A coded value or an unescaped "^" under a text type: kept, but the sender is told. */
  @ParameterizedTest
  @ValueSource(strings = {"ST", "TX", "FT"})
  void warnsOfTextWithComponentsThatAreNotRead(String type) {
    String text = set(TestMessages.oru(), "OBX", 1, 2, type);
    assertThat(validate(set(text, "OBX", 1, 5, "N^No^HL70136")))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("OBX5_TEXT_COMPONENTS", Severity.W, "OBX(1)-5"));
    assertThat(validate(set(text, "OBX", 1, 5, "Detected \\S\\ confirmed^"))).isEmpty();
  }

  /** Text in either triplet, or only in CWE-9 (original text), is a result, just not coded. */
  @ParameterizedTest
  @ValueSource(strings = {"^Detected", "^^^^Detected^L", "^^^^^^^^Detected"})
  void warnsOfACodedResultSentAsTextOnly(String value) {
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 5, value)))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("OBX5_NOT_CODED", Severity.W, "OBX(1)-5"));
    assertThat(codes(validate(set(TestMessages.oru(), "OBX", 1, 5, "^^SCT"))))
        .containsExactly("OBX5_DATA_TYPE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"<5", "<3.3", ">=1000", "> 40", "<=0.5"})
  void takesAComparatorInANumericValueWithAWarning(String value) {
    String msg = set(set(TestMessages.oru(), "OBX", 1, 2, "NM"), "OBX", 1, 5, value);
    assertThat(validate(msg))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("OBX5_NM_COMPARATOR", Severity.W));
  }

  @ParameterizedTest
  @ValueSource(strings = {"<", "<<5", "<five", "1,200", "=5", "<>5"})
  void stillRefusesWhatIsNotANumberWithAComparator(String value) {
    String msg = set(set(TestMessages.oru(), "OBX", 1, 2, "NM"), "OBX", 1, 5, value);
    assertThat(codes(validate(msg))).containsExactly("OBX5_DATA_TYPE");
  }

  @Test
  void checksStructuredNumerics() {
    String sn = set(TestMessages.oru(), "OBX", 1, 2, "SN");
    assertThat(validate(set(sn, "OBX", 1, 5, ">^40"))).isEmpty();
    assertThat(validate(set(sn, "OBX", 1, 5, "^1^:^128"))).isEmpty();
    assertThat(codes(validate(set(sn, "OBX", 1, 5, "high^x")))).containsExactly("OBX5_DATA_TYPE");
  }

  @Test
  void reportsUnknownOrMissingValueType() {
    assertThat(codes(validate(set(TestMessages.oru(), "OBX", 1, 2, "XX"))))
        .containsExactly("OBX2_INVALID");
    assertThat(codes(validate(set(TestMessages.oru(), "OBX", 1, 2, "ID"))))
        .as("ID is a data type, but not one table 0125 allows")
        .containsExactly("OBX2_INVALID");
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 2, "TN")))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("OBX2_NOT_IN_GUIDE", Severity.W));
    String address = set(TestMessages.oru(), "OBX", 1, 2, "XAD");
    assertThat(validate(set(address, "OBX", 1, 5, "1 Main St^^Springfield^IL^62701"))).isEmpty();
    assertThat(codes(validate(set(TestMessages.oru(), "OBX", 1, 2, ""))))
        .containsExactly("OBX2_MISSING");
  }

  /**
   * OBX-5 is RE in the ELR guide (APHL's profiles: RE when OBX-11 is not X): an empty value on a
   * final result (the result written in the NTE after it) is a warning, not a refused report.
   */
  @Test
  void warnsOfAnEmptyValueForAResult() {
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 5, "")))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("OBX5_MISSING", Severity.W));
    String cannotObtain = set(set(TestMessages.oru(), "OBX", 1, 5, ""), "OBX", 1, 11, "X");
    assertThat(validate(cannotObtain)).isEmpty();
  }

  /**
   * A blank line of a narrative beside results with values (MEDITECH sends its disclaimers one ST
   * OBX per line) is told as such; an order whose only text result is empty is warned of too.
   */
  @ParameterizedTest
  @ValueSource(strings = {"ST", "TX", "FT"})
  void saysAnEmptyTextResultBesideOthersIsABlankLine(String type) {
    String message = TestMessages.oru();
    String obx = message.lines().filter(l -> l.startsWith("OBX|")).findFirst().orElseThrow();
    String blankLine =
        obx.replace("OBX|1|CWE|", "OBX|2|" + type + "|").replace("|260373001^Detected^SCT|", "| |");
    assertThat(validate(message.replace(obx, obx + "\r" + blankLine)))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("OBX5_MISSING", Severity.W, "OBX(2)-5"));
    assertThat(validate(message.replace(obx, blankLine)))
        .extracting(Finding::code, Finding::severity, Finding::message)
        .containsExactly(
            tuple(
                "OBX5_MISSING",
                Severity.W,
                "OBX-5 observation value is empty for a result; the result is not read from notes"
                    + " (NTE): send it in OBX-5"));
  }

  @Test
  void warnsWhenObx1IsNotASetId() {
    for (String bad : List.of("A", "0", "1.5", "-1", "12345")) {
      List<Finding> findings = validate(set(TestMessages.oru(), "OBX", 1, 1, bad));
      assertThat(codes(findings)).as(bad).containsExactly("OBX1_NOT_SET_ID");
      assertThat(findings.get(0).severity()).isEqualTo(Severity.W);
      assertThat(findings.get(0).location()).isEqualTo("OBX(1)-1");
    }
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 1, "7"))).isEmpty();
    assertThat(validate(set(TestMessages.oru(), "OBX", 1, 1, ""))).isEmpty();
  }

  /** A second organism sent as an OBX-5 repetition is not read: the sender is told. */
  @Test
  void warnsOfACodedValueThatRepeats() {
    String two =
        set(TestMessages.oru(), "OBX", 1, 5, "260373001^Detected^SCT~260415000^Not detected^SCT");
    assertThat(validate(two))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("OBX5_REPEATED", Severity.W, "OBX(1)-5"));
    // Text lines repeat by design, and are all read.
    String lines =
        set(set(TestMessages.oru(), "OBX", 1, 2, "TX"), "OBX", 1, 5, "Line one~Line two");
    assertThat(validate(lines)).extracting(Finding::code).doesNotContain("OBX5_REPEATED");
  }
}
