package io.vigil.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.canonical.Hl7v2ReportMapperTestAccess;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.Hl7v2Examiner;
import io.vigil.ingest.hl7v2.TestMessages;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A collection time to the month or year names no day. Counted on the 1st, it moved a result weeks
 * early (an outside review: SPM-17 {@code 202406} beside OBR-7 on 28 June was counted on 1 June).
 */
class ImpreciseCollectionTest {
  private final Deidentifier deid = DeidentifierTest.deidentifier();

  @ParameterizedTest
  @CsvSource({
    // SPM-17, OBR-7, the day counted
    "202611, 20261119091500-0500, 2026-11-19",
    "2026, 20261119091500-0500, 2026-11-19",
    // Neither names a day: the first day of the month named, not the result's date (which may be
    // in another month).
    "202611, 202611, 2026-11-01",
    // Precise values are kept as they were.
    "20261118, 20261119091500-0500, 2026-11-18",
  })
  void datesTheResultByTheFirstValueThatNamesADay(String spm17, String obr7, LocalDate day) {
    String oru = TestMessages.set(TestMessages.oru(), "SPM", 1, 17, spm17);
    oru = TestMessages.set(oru, "OBR", 1, 7, obr7);
    DeidentifiedEvent e =
        deid.events(
                Hl7v2ReportMapperTestAccess.reportOf(oru),
                1,
                DeidentifierTest.SUBMISSION,
                DeidentifierTest.RECEIVED)
            .get(0);

    assertThat(e.eventDate()).isEqualTo(day);
    Examination exam =
        new Hl7v2Examiner(Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC))
            .examine(oru.getBytes(StandardCharsets.UTF_8));
    assertThat(exam.findings().stream().anyMatch(f -> f.code().equals("SPM17_IMPRECISE")))
        .as("SPM17_IMPRECISE exactly when SPM-17 names no day")
        .isEqualTo(spm17.length() < 8);
  }
}
