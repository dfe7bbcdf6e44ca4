package io.vigil.ingest.validation;

import static io.vigil.ingest.hl7v2.TestMessages.set;
import static io.vigil.ingest.validation.ElrValidatorTest.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.ingest.hl7v2.TestMessages;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sample's dates: MSH-7 20261120143005-0500, OBR-7 and SPM-17 20261119091500-0500, OBR-22
 * 20261120140000-0500, OBX-19 20261120120000-0500, PID-7 19850315.
 */
class CollectionDatesTest {

  /** The sample collected at {@code when}, in OBR-7 and SPM-17 alike. */
  private static String collectedAt(String when) {
    return set(set(TestMessages.oru(), "OBR", 1, 7, when), "SPM", 1, 17, when);
  }

  @Test
  void warnsWhenSpm17AndObr7NameDifferentDays() {
    List<Finding> findings = validate(set(TestMessages.oru(), "SPM", 1, 17, "20261118091500-0500"));
    assertThat(findings)
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("SPM17_OBR7_DISAGREE", Severity.W, "SPM(1)-17"));
    assertThat(findings.get(0).message())
        .contains("2026-11-18", "2026-11-19", "the day counted is SPM-17's");
    // One instant written in two offsets, and a collection date without a time, agree.
    String msg = set(TestMessages.oru(), "OBR", 1, 7, "20261119231500-0500");
    assertThat(validate(set(msg, "SPM", 1, 17, "20261120041500+0000"))).isEmpty();
    assertThat(validate(set(TestMessages.oru(), "SPM", 1, 17, "20261119"))).isEmpty();
  }

  @Test
  void warnsWhenCollectedAfterTheResultAndTheMessage() {
    assertThat(validate(collectedAt("20261122")))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(
            tuple("COLLECTED_AFTER_RESULT", Severity.W, "SPM(1)-17"),
            tuple("COLLECTED_AFTER_MESSAGE", Severity.W, "SPM(1)-17"));
    // 20 minutes after OBR-22, before MSH-7.
    assertThat(validate(collectedAt("20261120142000-0500")))
        .extracting(Finding::code)
        .containsExactly("COLLECTED_AFTER_RESULT");
  }

  @Test
  void allowsTheClockSkewAndTimesThatMayBeAnywhere() {
    // 5 minutes after OBR-22: within the clock skew allowed for the future.
    assertThat(validate(collectedAt("20261120140500-0500"))).isEmpty();
    // The result's day without a time of day may be any time of it.
    assertThat(validate(collectedAt("20261120"))).isEmpty();
    // A local time without an offset beside MSH-7's -0500 may be at any offset on Earth.
    assertThat(validate(collectedAt("20261120150000"))).isEmpty();
    // Noon is what systems write for a collection known to the day only: before OBR-22 at 11:00.
    String resultAtEleven = set(TestMessages.oru(), "OBR", 1, 22, "20261120110000-0500");
    assertThat(
            validate(
                set(
                    set(resultAtEleven, "OBR", 1, 7, "20261120120000-0500"),
                    "SPM",
                    1,
                    17,
                    "20261120120000-0500")))
        .isEmpty();
    assertThat(
            validate(
                set(
                    set(resultAtEleven, "OBR", 1, 7, "20261120121500-0500"),
                    "SPM",
                    1,
                    17,
                    "20261120121500-0500")))
        .extracting(Finding::code)
        .containsExactly("COLLECTED_AFTER_RESULT");
    // Anything later is told.
    assertThat(validate(collectedAt("20261121150000")))
        .extracting(Finding::code)
        .containsExactly("COLLECTED_AFTER_RESULT", "COLLECTED_AFTER_MESSAGE");
  }

  @Test
  void comparesWithObx19WhereThereIsNoObr22() {
    String msg = set(TestMessages.oru(), "OBR", 1, 22, "");
    msg = set(msg, "OBX", 1, 19, "20261119080000-0500");
    List<Finding> findings = validate(msg);
    assertThat(findings)
        .extracting(Finding::code, Finding::location)
        .containsExactly(
            tuple("OBR22_MISSING", "OBR(1)-22"), tuple("COLLECTED_AFTER_RESULT", "SPM(1)-17"));
    assertThat(findings.get(1).message()).contains("OBX-19");
  }

  @Test
  void warnsWhenBornAfterTheCollection() {
    List<Finding> findings = validate(set(TestMessages.oru(), "PID", 1, 7, "20261120"));
    assertThat(findings)
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("PID7_AFTER_COLLECTION", Severity.W, "PID-7"));
    assertThat(findings.get(0).message()).doesNotContain("2026");
    // Only to the precision both have: born in November 2026, or on the collection day.
    assertThat(validate(set(TestMessages.oru(), "PID", 1, 7, "202611"))).isEmpty();
    assertThat(validate(set(TestMessages.oru(), "PID", 1, 7, "20261119"))).isEmpty();
  }
}
