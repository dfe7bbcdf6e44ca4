package io.vigil.anchoring.timeliness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.anchoring.leaf.LogLeaf;
import io.vigil.anchoring.merkle.Hash;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimelinessFiguresTest {
  private static final LocalDate W1 = LocalDate.parse("2026-01-04"); // a Sunday, MMWR 2026-W01
  private static final LocalDate W2 = W1.plusDays(7);
  private static final DateTimeFormatter HL7_DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

  /** An HL7 DTM with an offset, resolved to an instant as the mapper does. */
  private static Instant dtm(String value) {
    return OffsetDateTime.parse(value, HL7_DTM).toInstant();
  }

  private static LogLeaf leaf(
      String sender, String ack, Instant received, Instant collected, Instant resulted) {
    return new LogLeaf(
        sender,
        "C-" + received,
        Hash.of(new byte[32]),
        received,
        ack,
        Optional.ofNullable(collected),
        Optional.ofNullable(resulted));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> total(Map<String, Object> figures) {
    return (Map<String, Object>) figures.get("total");
  }

  @Test
  void lagsResolveDtmOffsetsAndCountOnlyTheSendersAcceptedLeavesInThePeriod() {
    Instant received = Instant.parse("2026-01-06T15:00:00Z");
    List<LogLeaf> leaves =
        List.of(
            // collected 08:30 -05:00 = 13:30Z → 90 min; resulted 10:00 -0500 = 15:00Z → 0 min
            leaf("LAB", "AA", received, dtm("20260106083000-0500"), dtm("20260106100000-0500")),
            // collected 2 days + 1 minute before (+0100 offset), resulted 25 h before
            leaf(
                "LAB",
                "CA",
                received,
                dtm("20260104155900+0100"),
                received.minusSeconds(25 * 3600)),
            // missing both dates
            leaf("LAB", "AA", received, null, null),
            // result before collection: collected 10 h before, resulted 12 h before
            leaf(
                "LAB",
                "AA",
                received,
                received.minusSeconds(10 * 3600),
                received.minusSeconds(12 * 3600)),
            // skipped: another sender, a rejected message, and one received after the period
            leaf("OTHER", "AA", received, received, received),
            leaf("LAB", "AR", received, received, received),
            leaf("LAB", "AA", Instant.parse("2026-01-18T00:00:00Z"), received, received));

    Map<String, Object> f = TimelinessFigures.compute(leaves, "LAB", W1, W2);
    Map<String, Object> t = total(f);

    assertThat(t.get("reports")).isEqualTo(4L);
    assertThat(t.get("withCollected")).isEqualTo(3L);
    assertThat(t.get("withResulted")).isEqualTo(3L);
    // collected lags sorted: 90, 600, 2881 → p50 rank 2 = 600, p90 rank 3 = 2881
    assertThat(t.get("collectedToReceivedP50Minutes")).isEqualTo(600L);
    assertThat(t.get("collectedToReceivedP90Minutes")).isEqualTo(2881L);
    // resulted lags sorted: 0, 720, 1500
    assertThat(t.get("resultedToReceivedP50Minutes")).isEqualTo(720L);
    assertThat(t.get("resultedToReceivedP90Minutes")).isEqualTo(1500L);
    assertThat(t.get("pctReceived24hAfterResult")).isEqualTo("66.67");
    assertThat(t.get("pctCollectedToReceived1d")).isEqualTo("66.67");
    assertThat(t.get("pctCollectedToReceived3d")).isEqualTo("100.00");
    assertThat(t.get("pctCollectedToReceived7d")).isEqualTo("100.00");
    assertThat(t.get("pctMissingCollected")).isEqualTo("25.00");
    assertThat(t.get("pctMissingResulted")).isEqualTo("25.00");
    assertThat(t.get("resultsBeforeCollection")).isEqualTo(1L);

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> weeks = (List<Map<String, Object>>) f.get("weeks");
    assertThat(weeks).hasSize(2);
    assertThat(weeks.get(0).get("weekStart")).isEqualTo("2026-01-04");
    assertThat(weeks.get(0).get("reports")).isEqualTo(4L);
    assertThat(weeks.get(1).get("weekStart")).isEqualTo("2026-01-11");
    assertThat(weeks.get(1).get("reports")).isEqualTo(0L);
    assertThat(weeks.get(1).get("collectedToReceivedP50Minutes")).isNull();
    assertThat(weeks.get(1).get("pctMissingCollected")).isNull();
  }

  @Test
  void theWeekBoundaryIsMidnightUtcAndTheLastInstantOfThePeriodCounts() {
    Instant lastMicro = Instant.parse("2026-01-17T23:59:59.999999Z");
    Instant nextWeek = Instant.parse("2026-01-18T00:00:00Z");
    Instant sundayW2 = Instant.parse("2026-01-11T00:00:00Z");
    List<LogLeaf> leaves =
        List.of(
            leaf("LAB", "AA", lastMicro, null, null),
            leaf("LAB", "AA", sundayW2, null, null),
            leaf("LAB", "AA", nextWeek, null, null));
    Map<String, Object> f = TimelinessFigures.compute(leaves, "LAB", W1, W2);
    assertThat(total(f).get("reports")).isEqualTo(2L);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> weeks = (List<Map<String, Object>>) f.get("weeks");
    assertThat(weeks.get(0).get("reports")).isEqualTo(0L);
    assertThat(weeks.get(1).get("reports")).isEqualTo(2L);
    assertThat(TimelinessFigures.inPeriod(nextWeek, W1, W2)).isFalse();
    assertThat(TimelinessFigures.inPeriod(Instant.parse("2026-01-04T00:00:00Z"), W1, W2)).isTrue();
  }

  @Test
  void nearestRankAndPercentRounding() {
    assertThat(TimelinessFigures.nearestRank(List.of(5L), 90)).isEqualTo(5L);
    assertThat(TimelinessFigures.nearestRank(List.of(1L, 2L, 3L, 4L), 50)).isEqualTo(2L);
    assertThat(
            TimelinessFigures.nearestRank(
                List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), 90))
        .isEqualTo(10L);
    assertThat(TimelinessFigures.nearestRank(List.of(), 50)).isNull();
    assertThat(TimelinessFigures.percent(1, 3)).isEqualTo("33.33");
    assertThat(TimelinessFigures.percent(2, 3)).isEqualTo("66.67");
    assertThat(TimelinessFigures.percent(1, 8)).isEqualTo("12.50");
    assertThat(TimelinessFigures.percent(0, 0)).isNull();
  }

  @Test
  void aRangeWhoseLastWeekIsNotWholeWeeksOnIsRejected() {
    assertThatThrownBy(() -> TimelinessFigures.period(W1, W1.plusDays(3)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TimelinessFigures.period(W2, W1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
