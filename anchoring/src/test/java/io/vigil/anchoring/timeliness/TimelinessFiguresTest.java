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
    return leaf(sender, ack, received, collected, resulted, null);
  }

  private static LogLeaf leaf(
      String sender,
      String ack,
      Instant received,
      Instant collected,
      Instant resulted,
      Instant created) {
    return new LogLeaf(
        sender,
        "C-" + received,
        Hash.of(new byte[32]),
        received,
        ack,
        Optional.ofNullable(collected),
        Optional.ofNullable(resulted),
        Optional.ofNullable(created));
  }

  private static Map<String, Object> compute(List<LogLeaf> leaves) {
    return TimelinessFigures.compute(0, leaves, AnchorTimeline.NONE, "LAB", W1, W2);
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

    Map<String, Object> f = compute(leaves);
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
    Map<String, Object> f = compute(leaves);
    assertThat(total(f).get("reports")).isEqualTo(2L);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> weeks = (List<Map<String, Object>>) f.get("weeks");
    assertThat(weeks.get(0).get("reports")).isEqualTo(0L);
    assertThat(weeks.get(1).get("reports")).isEqualTo(2L);
    assertThat(TimelinessFigures.inPeriod(nextWeek, W1, W2)).isFalse();
    assertThat(TimelinessFigures.inPeriod(Instant.parse("2026-01-04T00:00:00Z"), W1, W2)).isTrue();
  }

  @Test
  void createdToReceivedLagsResolveOffsetsAndAMissingCreatedTimeCountsAgainstCompleteness() {
    Instant received = Instant.parse("2026-01-06T15:00:00Z");
    List<LogLeaf> leaves =
        List.of(
            // MSH-7 09:55 -05:00 = 14:55Z → 5 min
            leaf("LAB", "AA", received, null, null, dtm("20260106095500-0500")),
            // created 3 h 0 min 59 s before → 180 min (truncated toward zero)
            leaf("LAB", "AA", received, null, null, received.minusSeconds(3 * 3600 + 59)),
            // created 2 min after receipt (a fast sender clock) → -2 min, kept as is
            leaf("LAB", "AA", received, null, null, received.plusSeconds(120)),
            // no creation time in the message
            leaf("LAB", "AA", received, null, null, null),
            // a version-1 leaf commits to none: missing as well
            LogLeaf.v1(
                "LAB",
                "OLD",
                Hash.of(new byte[32]),
                received,
                "AA",
                Optional.empty(),
                Optional.empty()),
            // skipped: another sender's
            leaf("OTHER", "AA", received, null, null, received.minusSeconds(99_999)));
    Map<String, Object> t = total(compute(leaves));
    assertThat(t.get("reports")).isEqualTo(5L);
    assertThat(t.get("withCreated")).isEqualTo(3L);
    // sorted: -2, 5, 180 → p50 rank 2 = 5, p90 rank 3 = 180
    assertThat(t.get("createdToReceivedP50Minutes")).isEqualTo(5L);
    assertThat(t.get("createdToReceivedP90Minutes")).isEqualTo(180L);
    assertThat(t.get("pctMissingCreated")).isEqualTo("40.00");
    // nothing is anchored in this timeline
    assertThat(t.get("notYetAnchored")).isEqualTo(5L);
    assertThat(t.get("receivedToAnchoredP50Minutes")).isNull();
    assertThat(t.get("receivedToAnchoredP90Minutes")).isNull();
  }

  @Test
  void receivedToAnchoredIsTheBlockTimeOfTheFirstAnchoringCoveringEachLeaf() {
    // Leaves at indexes 10..15, received a minute apart from 12:00Z.
    Instant t0 = Instant.parse("2026-01-06T12:00:00Z");
    List<LogLeaf> leaves = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      leaves.add(leaf(i == 2 ? "OTHER" : "LAB", "AA", t0.plusSeconds(60L * i), null, null));
    }
    // Anchored sizes 8 (before the range), 12 (covers 10, 11), 14 (covers 12, 13); 14..15 not yet.
    AnchorTimeline anchors =
        AnchorTimeline.of(
            List.of(
                new AnchorTimeline.Anchoring(8, t0.minusSeconds(600)),
                new AnchorTimeline.Anchoring(12, t0.plusSeconds(30 * 60)),
                new AnchorTimeline.Anchoring(14, t0.plusSeconds(7 * 3600 + 59))));
    Map<String, Object> f = TimelinessFigures.compute(10, leaves, anchors, "LAB", W1, W2);
    Map<String, Object> t = total(f);
    assertThat(t.get("reports")).isEqualTo(5L);
    // index 10: 30 min; 11: 29 min; (12 is OTHER); 13: 7 h 0 min 59 s - 3 min → 417 min
    // sorted 29, 30, 417 → p50 30, p90 417
    assertThat(t.get("receivedToAnchoredP50Minutes")).isEqualTo(30L);
    assertThat(t.get("receivedToAnchoredP90Minutes")).isEqualTo(417L);
    assertThat(t.get("notYetAnchored")).isEqualTo(2L);
    // The same leaves seen from index 0 fall under other anchorings: the index matters.
    Map<String, Object> shifted =
        total(TimelinessFigures.compute(0, leaves, anchors, "LAB", W1, W2));
    assertThat(shifted.get("receivedToAnchoredP90Minutes")).isNotEqualTo(417L);
  }

  @Test
  void anAnchorTimelineFindsTheFirstCoveringAnchoringAndWhichOnesARangeNeeds() {
    Instant a = Instant.parse("2026-01-06T12:00:00Z");
    AnchorTimeline timeline =
        AnchorTimeline.of(
            List.of(
                new AnchorTimeline.Anchoring(1, a),
                new AnchorTimeline.Anchoring(5, a.plusSeconds(1)),
                new AnchorTimeline.Anchoring(9, a.plusSeconds(2))));
    assertThat(timeline.anchoredAt(0)).contains(a);
    assertThat(timeline.anchoredAt(1)).contains(a.plusSeconds(1));
    assertThat(timeline.anchoredAt(4)).contains(a.plusSeconds(1));
    assertThat(timeline.anchoredAt(5)).contains(a.plusSeconds(2));
    assertThat(timeline.anchoredAt(8)).contains(a.plusSeconds(2));
    assertThat(timeline.anchoredAt(9)).isEmpty();
    assertThat(AnchorTimeline.NONE.anchoredAt(0)).isEmpty();

    List<Long> sizes = List.of(1L, 5L, 9L, 12L, 20L);
    assertThat(AnchorTimeline.firstCovering(sizes, 4, 9)).containsExactly(5L, 9L);
    assertThat(AnchorTimeline.firstCovering(sizes, 5, 10)).containsExactly(9L, 12L);
    assertThat(AnchorTimeline.firstCovering(sizes, 12, 25)).containsExactly(20L);
    assertThat(AnchorTimeline.firstCovering(sizes, 3, 3)).isEmpty();
    assertThatThrownBy(
            () ->
                AnchorTimeline.of(
                    List.of(
                        new AnchorTimeline.Anchoring(5, a), new AnchorTimeline.Anchoring(5, a))))
        .isInstanceOf(IllegalArgumentException.class);
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
