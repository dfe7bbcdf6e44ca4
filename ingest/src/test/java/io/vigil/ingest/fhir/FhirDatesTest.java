package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.validation.Hl7Dates;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FhirDatesTest {
  static final Instant NOW = Instant.parse("2026-11-22T06:00:00Z");

  @Test
  void rewritesFhirDateTimesToTheirHl7Form() {
    assertThat(FhirDates.toHl7("2026-11-20T10:15:00-05:00")).isEqualTo("20261120101500-0500");
    assertThat(FhirDates.toHl7("2026-11-20T10:15:00.123456Z"))
        .isEqualTo("20261120101500.1234+0000");
    assertThat(FhirDates.toHl7("2026-11-20")).isEqualTo("20261120");
    assertThat(FhirDates.toHl7("2026-11")).isEqualTo("202611");
    assertThat(FhirDates.toHl7("2026")).isEqualTo("2026");
  }

  @Test
  void readsTheSameInstantAsTheHl7ValueOfTheSameReport() {
    assertThat(FhirDates.earliestInstant("2026-11-19T09:15:00-05:00"))
        .isEqualTo(Hl7Dates.earliestInstant("20261119091500-0500"))
        .contains(Instant.parse("2026-11-19T14:15:00Z"));
    // A date without a time is read at +14:00, its earliest instant, as HL7 does.
    assertThat(FhirDates.earliestInstant("2026-11-20"))
        .contains(Instant.parse("2026-11-19T10:00:00Z"));
  }

  @Test
  void refusesShapesFhirDoesNotAllow() {
    for (String bad :
        new String[] {
          "2026-11-20T10:15:00", // a time needs a zone
          "20261120",
          "2026-13-01",
          "2026-11-20T25:00:00Z",
          "2026-11-20 10:15:00Z",
          "2026-11-20T10:15:00+0500",
          "yesterday"
        }) {
      assertThat(FhirDates.check(bad, NOW)).as(bad).isEqualTo(Hl7Dates.Status.INVALID);
    }
  }

  @Test
  void flagsFutureValuesBeyondTheClockSkew() {
    assertThat(FhirDates.check("2026-11-22T06:10:00Z", NOW)).isEqualTo(Hl7Dates.Status.VALID);
    assertThat(FhirDates.check("2026-11-22T07:00:00Z", NOW)).isEqualTo(Hl7Dates.Status.FUTURE);
    assertThat(FhirDates.check("", NOW)).isEqualTo(Hl7Dates.Status.EMPTY);
  }

  @Test
  void theWrittenDayIsThatOfADateWithoutATime() {
    // A leap second, legal in FHIR, read as the second before it (it was an invalid date).
    assertThat(FhirDates.earliestInstant("2016-12-31T23:59:60Z"))
        .contains(java.time.Instant.parse("2016-12-31T23:59:59Z"));
    assertThat(FhirDates.writtenDay("2025-03-10")).contains(LocalDate.of(2025, 3, 10));
    assertThat(FhirDates.writtenDay("2025-03")).contains(LocalDate.of(2025, 3, 1));
    assertThat(FhirDates.writtenDay("2025-03-10T23:15:00-05:00"))
        .contains(LocalDate.of(2025, 3, 10));
    assertThat(FhirDates.writtenDay("2025-03-10T00:00:00+00:00")).isEmpty();
    assertThat(FhirDates.writtenDay("2025-03-10T23:15:00Z")).isEmpty();
    assertThat(FhirDates.writtenDay("10/03/2025")).isEmpty();
  }
}
