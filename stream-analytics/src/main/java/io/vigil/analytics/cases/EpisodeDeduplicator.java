package io.vigil.analytics.cases;

import io.vigil.analytics.job.Report;
import io.vigil.analytics.job.StateExpiry;
import java.time.Duration;
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
 * <p>The state expires {@code episodeDays + marginDays} after its last write (Flink TTL runs on
 * processing time): a report about an episode whose state has expired counts as a new case.
 */
public final class EpisodeDeduplicator extends KeyedProcessFunction<String, Report, LabCount> {
  private static final long serialVersionUID = 1L;

  private final int episodeDays;
  private final int marginDays;
  private transient ValueState<CountedCase> episode;

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
  }

  @Override
  public void processElement(Report event, Context ctx, Collector<LabCount> out) throws Exception {
    long day = event.eventDay;
    if (!event.positive) {
      out.collect(count(event, day, 0, 0));
      return;
    }
    CountedCase current = episode.value();
    if (current == null || day >= current.startDay + episodeDays) {
      episode.update(CountedCase.of(event, day));
      out.collect(count(event, day, 1, 1));
    } else if (day >= current.startDay) {
      out.collect(count(event, day, 1, 0));
    } else if (day > current.startDay - episodeDays) {
      // Late report of an earlier start of the same episode: move the case to the earlier day.
      out.collect(current.retraction());
      episode.update(CountedCase.of(event, day));
      out.collect(count(event, day, 1, 1));
    } else {
      // An older, separate episode reported late: count it, keep the newer episode.
      out.collect(count(event, day, 1, 1));
    }
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
  }
}
