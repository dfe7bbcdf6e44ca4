package io.vigil.analytics.cases;

import io.vigil.analytics.job.Report;
import io.vigil.analytics.job.StateExpiry;
import java.time.Duration;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts a person once per condition per episode: keyed by (person key, condition), it remembers
 * the day the current episode started and the jurisdiction/age/sex cell it was counted in. A
 * positive result starts a new episode when none is remembered or when it is at least {@code
 * episodeDays} after the remembered start. A late positive up to {@code episodeDays} before the
 * start moves the case to that earlier day (a -1 on the old day, +1 on the new one), so the trend
 * totals end up as if the reports had arrived in order.
 *
 * <p>A case follows the results that make it. The episode also remembers which results (by result
 * key, with their days) were positive in it. When one of them is withdrawn ({@code D}/{@code W},
 * FHIR {@code entered-in-error}) or its newer version is negative, it leaves the episode: the case
 * is taken back (-1 on its day) when no positive is left, and moved to the earliest remaining
 * positive's day when the episode's first positive left. A result without a key (its report named
 * no order number) cannot be withdrawn and is not remembered, nor is a late positive of an older,
 * separate episode.
 *
 * <p>The state expires {@code episodeDays + marginDays} after its last write (Flink TTL runs on
 * processing time): a report about an episode whose state has expired counts as a new case.
 */
public final class EpisodeDeduplicator extends KeyedProcessFunction<String, Report, LabCount> {
  private static final long serialVersionUID = 1L;

  private final int episodeDays;
  private final int marginDays;
  private transient ValueState<CountedCase> episode;
  // The current episode's positive results: result key -> day. Its own state, not a field of
  // CountedCase, so checkpoints taken before it existed restore unchanged.
  private transient MapState<String, Long> positives;

  public EpisodeDeduplicator(int episodeDays, int marginDays) {
    this.episodeDays = episodeDays;
    this.marginDays = marginDays;
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext context) {
    ValueStateDescriptor<CountedCase> descriptor =
        new ValueStateDescriptor<>("episode", Types.POJO(CountedCase.class));
    descriptor.enableTimeToLive(
        StateExpiry.afterWrite(Duration.ofDays((long) episodeDays + marginDays)));
    episode = getRuntimeContext().getState(descriptor);
    MapStateDescriptor<String, Long> positivesDescriptor =
        new MapStateDescriptor<>("episode-positives", Types.STRING, Types.LONG);
    positivesDescriptor.enableTimeToLive(
        StateExpiry.afterWrite(Duration.ofDays((long) episodeDays + marginDays)));
    positives = getRuntimeContext().getMapState(positivesDescriptor);
  }

  @Override
  public void processElement(Report event, Context ctx, Collector<LabCount> out) throws Exception {
    String result = withdrawable(event) ? event.resultKey : null;
    if (event.retraction) {
      if (result != null) {
        leave(result, out);
      }
      return;
    }
    long day = event.eventDay;
    if (!event.positive) {
      out.collect(count(event, day, 0, 0));
      if (result != null) {
        leave(result, out); // a newer version of a positive result that is negative
      }
      return;
    }
    CountedCase current = episode.value();
    if (current == null || day >= current.startDay + episodeDays) {
      episode.update(CountedCase.of(event, day));
      positives.clear();
      remember(result, day);
      out.collect(count(event, day, 1, 1));
    } else if (day >= current.startDay) {
      out.collect(count(event, day, 1, 0));
      Long before = result == null ? null : positives.get(result);
      remember(result, day);
      if (before != null && before == current.startDay && day > current.startDay) {
        settle(current, out); // the first positive, corrected to a later day
      }
    } else if (day > current.startDay - episodeDays) {
      // Late report of an earlier start of the same episode: move the case to the earlier day.
      out.collect(current.retraction());
      episode.update(CountedCase.of(event, day));
      remember(result, day);
      out.collect(count(event, day, 1, 1));
    } else {
      // An older, separate episode reported late: count it, keep the newer episode.
      out.collect(count(event, day, 1, 1));
    }
  }

  private static boolean withdrawable(Report event) {
    return event.resultKey != null
        && !event.resultKey.isEmpty()
        && !event.resultKey.startsWith(ResultVersions.STANDALONE);
  }

  private void remember(String result, long day) throws Exception {
    if (result != null) {
      positives.put(result, day);
    }
  }

  /** A positive result of the current episode is withdrawn or no longer positive. */
  private void leave(String result, Collector<LabCount> out) throws Exception {
    Long day = positives.get(result);
    if (day == null) {
      return; // not one of the episode's positives (negative before too, or another episode's)
    }
    positives.remove(result);
    CountedCase current = episode.value();
    if (current != null && day == current.startDay) {
      settle(current, out);
    }
  }

  /** Puts the case on the earliest remaining positive's day, or takes it back when none is left. */
  private void settle(CountedCase current, Collector<LabCount> out) throws Exception {
    long earliest = Long.MAX_VALUE;
    for (Long day : positives.values()) {
      earliest = Math.min(earliest, day);
    }
    if (earliest == current.startDay) {
      return;
    }
    out.collect(current.retraction());
    if (earliest == Long.MAX_VALUE) {
      episode.clear();
      return;
    }
    current.startDay = earliest;
    episode.update(current);
    out.collect(current.newCase());
  }

  private static LabCount count(Report e, long day, int positives, int newCases) {
    return new LabCount(
        e.condition,
        e.stateFips,
        e.countyFips,
        e.zip3,
        e.ageBand,
        e.sex,
        day,
        1,
        positives,
        newCases);
  }

  /** The remembered episode start and the cell its case was counted in (a Flink POJO). */
  public static final class CountedCase {
    public long startDay;
    public String condition;
    public String stateFips;
    public String countyFips;
    public String zip3;
    public String ageBand;
    public String sex;

    public CountedCase() {}

    static CountedCase of(Report e, long day) {
      CountedCase c = new CountedCase();
      c.startDay = day;
      c.condition = e.condition;
      c.stateFips = e.stateFips;
      c.countyFips = e.countyFips;
      c.zip3 = e.zip3;
      c.ageBand = e.ageBand;
      c.sex = e.sex;
      return c;
    }

    LabCount retraction() {
      return new LabCount(condition, stateFips, countyFips, zip3, ageBand, sex, startDay, 0, 0, -1);
    }

    LabCount newCase() {
      return new LabCount(condition, stateFips, countyFips, zip3, ageBand, sex, startDay, 0, 0, 1);
    }
  }
}
