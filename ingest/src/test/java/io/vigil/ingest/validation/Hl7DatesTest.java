package io.vigil.ingest.validation;

import static io.vigil.ingest.validation.Hl7Dates.Status.EMPTY;
import static io.vigil.ingest.validation.Hl7Dates.Status.FUTURE;
import static io.vigil.ingest.validation.Hl7Dates.Status.INVALID;
import static io.vigil.ingest.validation.Hl7Dates.Status.VALID;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Hl7DatesTest {

  static final Instant NOW = Instant.parse("2026-11-22T15:00:00Z");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026",
        "202611",
        "20261122",
        "2026112214",
        "202611221430",
        "20261122143005",
        "20261122143005.1",
        "20261122143005.1234",
        "20261122083005-0500",
        "20261122143005.12+0100",
        "19850315",
        "20240229"
      })
  void acceptsEveryPrecision(String value) {
    assertThat(Hl7Dates.check(value, NOW)).isEqualTo(VALID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-22",
        "20261",
        "2026112",
        "20261322",
        "20260230",
        "20250229",
        "2026112225",
        "202611221460",
        "20261122143060",
        "20261122.5",
        "20261122143005.12345",
        "20261122143005-05",
        "20261122143005-0560",
        "17991231",
        "yesterday"
      })
  void rejectsMalformedOrOutOfRange(String value) {
    assertThat(Hl7Dates.check(value, NOW)).isEqualTo(INVALID);
  }

  @Test
  void emptyIsEmpty() {
    assertThat(Hl7Dates.check("", NOW)).isEqualTo(EMPTY);
    assertThat(Hl7Dates.check(null, NOW)).isEqualTo(EMPTY);
  }

  @Test
  void allowsFifteenMinutesOfClockSkew() {
    assertThat(Hl7Dates.check("20261122151400+0000", NOW)).isEqualTo(VALID);
    assertThat(Hl7Dates.check("20261122151600+0000", NOW)).isEqualTo(FUTURE);
  }

  @Test
  void readsValuesWithoutOffsetAtTheEarliestOffset() {
    // 23:59 local without offset is 09:59Z at +14:00: not in the future.
    assertThat(Hl7Dates.check("202611222359", NOW)).isEqualTo(VALID);
    assertThat(Hl7Dates.check("20261123", NOW)).isEqualTo(VALID);
    assertThat(Hl7Dates.check("20261124", NOW)).isEqualTo(FUTURE);
    assertThat(Hl7Dates.check("2027", NOW)).isEqualTo(FUTURE);
  }

  @Test
  void honoursExplicitOffsets() {
    assertThat(Hl7Dates.earliestInstant("20261122100000-0500"))
        .contains(Instant.parse("2026-11-22T15:00:00Z"));
  }

  @Test
  void comparesDatesOnlyToThePrecisionBothHave() {
    assertThat(Hl7Dates.dateCertainlyBefore("20250601", "20260101")).isTrue();
    assertThat(Hl7Dates.dateCertainlyBefore("20251231", "2026")).isTrue();
    assertThat(Hl7Dates.dateCertainlyBefore("20251231", "202601")).isTrue();
    assertThat(Hl7Dates.dateCertainlyBefore("2025", "20260101")).isTrue();
    // The year or month of a partial birth date may hold the dose.
    assertThat(Hl7Dates.dateCertainlyBefore("20260101", "2026")).isFalse();
    assertThat(Hl7Dates.dateCertainlyBefore("20260115", "202601")).isFalse();
    // The same day, whatever the times and offsets say.
    assertThat(Hl7Dates.dateCertainlyBefore("202601010700-0500", "202601010830")).isFalse();
    assertThat(Hl7Dates.dateCertainlyBefore("20260102", "20260101")).isFalse();
    // Nothing to compare.
    assertThat(Hl7Dates.dateCertainlyBefore("20250601", "")).isFalse();
    assertThat(Hl7Dates.dateCertainlyBefore("20251301", "20260101")).isFalse();
  }

  @Test
  void theWrittenDayIsThatOfAValueWithoutAnOffset() {
    assertThat(Hl7Dates.writtenDay("20250310")).contains(LocalDate.of(2025, 3, 10));
    assertThat(Hl7Dates.writtenDay(" 20250310235959.1234 ")).contains(LocalDate.of(2025, 3, 10));
    assertThat(Hl7Dates.writtenDay("202503")).contains(LocalDate.of(2025, 3, 1));
    assertThat(Hl7Dates.writtenDay("20250310231500-0500")).contains(LocalDate.of(2025, 3, 10));
    assertThat(Hl7Dates.writtenDay("20250310000000+0930")).contains(LocalDate.of(2025, 3, 10));
    assertThat(Hl7Dates.writtenDay("20250310-0500")).contains(LocalDate.of(2025, 3, 10));
    assertThat(Hl7Dates.writtenDay("20250310+0000")).isEmpty();
    assertThat(Hl7Dates.writtenDay("20250230")).isEmpty();
    assertThat(Hl7Dates.writtenDay("")).isEmpty();
    assertThat(Hl7Dates.writtenDay(null)).isEmpty();
  }
}
