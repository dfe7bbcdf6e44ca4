package io.vigil.anchoring.timeliness;

import io.vigil.anchoring.leaf.LogLeaf;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The timeliness figures of one sender over a run of whole weeks, computed from log leaves alone.
 * The one place both the hub (producing a timeliness statement) and the offline verifier
 * (recomputing it) do this arithmetic, so the two cannot drift.
 *
 * <p>Rules: a leaf counts when its sending facility equals the sender, its ack code is {@code AA}
 * or {@code CA} (accepted), and its received instant falls in {@code [firstWeekStart 00:00 UTC,
 * lastWeekStart + 7 days 00:00 UTC)}. It is assigned to the week (UTC day, weeks of 7 days from
 * {@code firstWeekStart}) of its received instant. Lags are whole minutes, truncated toward zero,
 * from the instant in the leaf to the received instant (the leaf stores instants, so HL7 DTM
 * offsets are already resolved), and from the received instant to the leaf's anchoring (the block
 * time of the first anchored checkpoint covering its index, from an {@link AnchorTimeline}); a leaf
 * no anchoring covers yet is counted in {@code notYetAnchored}. A version-1 leaf commits to no
 * message-created instant, so it counts as missing one. Percentiles are nearest rank over the
 * present lags; percentages are exact integer ratios rendered with two decimals, rounded half up,
 * as strings (so JSON round-trips never change them); a percentage with a zero denominator is
 * {@code null}. Every value is an integer, a string or null, and the maps keep a fixed key order.
 */
public final class TimelinessFigures {
  /** Acknowledgement codes of accepted submissions. */
  public static final Set<String> ACCEPTED = Set.of("AA", "CA");

  /**
   * The figures added with version 2 of the timeliness statement; a version-1 statement carries all
   * the others and none of these.
   */
  public static final Set<String> ADDED_IN_STATEMENT_V2 =
      Set.of(
          "withCreated",
          "createdToReceivedP50Minutes",
          "createdToReceivedP90Minutes",
          "receivedToAnchoredP50Minutes",
          "receivedToAnchoredP90Minutes",
          "pctMissingCreated",
          "notYetAnchored");

  static final long DAY_MINUTES = 1440;

  private TimelinessFigures() {}

  /**
   * Instant range of the weeks {@code [firstWeekStart, lastWeekStart]}: start inclusive, end
   * exclusive, UTC.
   */
  public static Instant[] period(LocalDate firstWeekStart, LocalDate lastWeekStart) {
    if (lastWeekStart.isBefore(firstWeekStart)
        || ChronoUnit.DAYS.between(firstWeekStart, lastWeekStart) % 7 != 0) {
      throw new IllegalArgumentException("the last week must start a whole number of weeks on");
    }
    return new Instant[] {
      firstWeekStart.atStartOfDay(ZoneOffset.UTC).toInstant(),
      lastWeekStart.plusDays(7).atStartOfDay(ZoneOffset.UTC).toInstant()
    };
  }

  /** True when {@code at} is inside the period of the weeks. */
  public static boolean inPeriod(Instant at, LocalDate firstWeekStart, LocalDate lastWeekStart) {
    Instant[] p = period(firstWeekStart, lastWeekStart);
    return !at.isBefore(p[0]) && at.isBefore(p[1]);
  }

  /**
   * The figures: {@code {"total": {...}, "weeks": [{"weekStart": "yyyy-mm-dd", ...}, ...]}}, one
   * entry per week of the period (empty weeks included, with zero counts).
   *
   * @param firstIndex the log index of {@code leaves.get(0)}; the leaves are consecutive
   * @param leaves any leaves; those of other senders, not accepted or outside the period are
   *     skipped
   * @param anchors the anchorings, holding at least every one that first covers one of the leaves
   */
  public static Map<String, Object> compute(
      long firstIndex,
      List<LogLeaf> leaves,
      AnchorTimeline anchors,
      String sender,
      LocalDate firstWeekStart,
      LocalDate lastWeekStart) {
    Objects.requireNonNull(anchors, "anchors");
    Objects.requireNonNull(sender, "sender");
    Instant[] p = period(firstWeekStart, lastWeekStart);
    int weeks = (int) (ChronoUnit.DAYS.between(firstWeekStart, lastWeekStart) / 7 + 1);
    List<Accumulator> perWeek = new ArrayList<>(weeks);
    for (int i = 0; i < weeks; i++) {
      perWeek.add(new Accumulator());
    }
    Accumulator total = new Accumulator();
    for (int i = 0; i < leaves.size(); i++) {
      LogLeaf leaf = leaves.get(i);
      if (!leaf.sendingFacility().equals(sender)
          || !ACCEPTED.contains(leaf.ackCode())
          || leaf.receivedAt().isBefore(p[0])
          || !leaf.receivedAt().isBefore(p[1])) {
        continue;
      }
      LocalDate day = LocalDate.ofInstant(leaf.receivedAt(), ZoneOffset.UTC);
      int week = (int) (ChronoUnit.DAYS.between(firstWeekStart, day) / 7);
      Optional<Instant> anchored = anchors.anchoredAt(firstIndex + i);
      perWeek.get(week).add(leaf, anchored);
      total.add(leaf, anchored);
    }
    List<Object> weekList = new ArrayList<>(weeks);
    for (int i = 0; i < weeks; i++) {
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("weekStart", firstWeekStart.plusDays(7L * i).toString());
      w.putAll(perWeek.get(i).figures());
      weekList.add(Collections.unmodifiableMap(w));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", total.figures());
    out.put("weeks", Collections.unmodifiableList(weekList));
    return Collections.unmodifiableMap(out);
  }

  /** Nearest-rank percentile of sorted values; null when there are none. */
  static Long nearestRank(List<Long> sorted, int percent) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(1, rank) - 1);
  }

  /** {@code 100 * numerator / denominator} with two decimals, half up; null if denominator 0. */
  static String percent(long numerator, long denominator) {
    if (denominator == 0) {
      return null;
    }
    return BigDecimal.valueOf(numerator * 100)
        .divide(BigDecimal.valueOf(denominator), 2, RoundingMode.HALF_UP)
        .toPlainString();
  }

  private static final class Accumulator {
    private long reports;
    private final List<Long> collectedLags = new ArrayList<>();
    private final List<Long> resultedLags = new ArrayList<>();
    private final List<Long> createdLags = new ArrayList<>();
    private final List<Long> anchoredLags = new ArrayList<>();
    private long within24hOfResult;
    private long collected1d;
    private long collected3d;
    private long collected7d;
    private long resultsBeforeCollection;

    void add(LogLeaf leaf, Optional<Instant> anchored) {
      reports++;
      leaf.messageCreatedAt()
          .ifPresent(c -> createdLags.add(Duration.between(c, leaf.receivedAt()).toMinutes()));
      anchored.ifPresent(a -> anchoredLags.add(Duration.between(leaf.receivedAt(), a).toMinutes()));
      Optional<Instant> collected = leaf.specimenCollectedAt();
      Optional<Instant> resulted = leaf.resultedAt();
      collected.ifPresent(
          c -> {
            long lag = Duration.between(c, leaf.receivedAt()).toMinutes();
            collectedLags.add(lag);
            collected1d += lag <= DAY_MINUTES ? 1 : 0;
            collected3d += lag <= 3 * DAY_MINUTES ? 1 : 0;
            collected7d += lag <= 7 * DAY_MINUTES ? 1 : 0;
          });
      resulted.ifPresent(
          r -> {
            long lag = Duration.between(r, leaf.receivedAt()).toMinutes();
            resultedLags.add(lag);
            within24hOfResult += lag <= DAY_MINUTES ? 1 : 0;
          });
      if (collected.isPresent()
          && resulted.isPresent()
          && resulted.get().isBefore(collected.get())) {
        resultsBeforeCollection++;
      }
    }

    Map<String, Object> figures() {
      List<Long> c = new ArrayList<>(collectedLags);
      List<Long> r = new ArrayList<>(resultedLags);
      List<Long> m = new ArrayList<>(createdLags);
      List<Long> a = new ArrayList<>(anchoredLags);
      Collections.sort(c);
      Collections.sort(r);
      Collections.sort(m);
      Collections.sort(a);
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("reports", reports);
      f.put("withCollected", (long) c.size());
      f.put("withResulted", (long) r.size());
      f.put("withCreated", (long) m.size());
      f.put("collectedToReceivedP50Minutes", nearestRank(c, 50));
      f.put("collectedToReceivedP90Minutes", nearestRank(c, 90));
      f.put("resultedToReceivedP50Minutes", nearestRank(r, 50));
      f.put("resultedToReceivedP90Minutes", nearestRank(r, 90));
      f.put("createdToReceivedP50Minutes", nearestRank(m, 50));
      f.put("createdToReceivedP90Minutes", nearestRank(m, 90));
      f.put("receivedToAnchoredP50Minutes", nearestRank(a, 50));
      f.put("receivedToAnchoredP90Minutes", nearestRank(a, 90));
      f.put("pctReceived24hAfterResult", percent(within24hOfResult, r.size()));
      f.put("pctCollectedToReceived1d", percent(collected1d, c.size()));
      f.put("pctCollectedToReceived3d", percent(collected3d, c.size()));
      f.put("pctCollectedToReceived7d", percent(collected7d, c.size()));
      f.put("pctMissingCollected", percent(reports - c.size(), reports));
      f.put("pctMissingResulted", percent(reports - r.size(), reports));
      f.put("pctMissingCreated", percent(reports - m.size(), reports));
      f.put("resultsBeforeCollection", resultsBeforeCollection);
      f.put("notYetAnchored", reports - a.size());
      return Collections.unmodifiableMap(f);
    }
  }
}
