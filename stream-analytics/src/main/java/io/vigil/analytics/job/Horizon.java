package io.vigil.analytics.job;

import java.io.Serializable;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregation horizon: which event days may still change a trend or dose cell. Cell totals,
 * dose records and result versions live in keyed state that expires {@code retentionDays} after its
 * last write (Flink TTL, processing time); a cell whose state had expired would restart at the new
 * delta and its upsert would overwrite the stored total of an old day or week with it. So no state
 * that could have expired is ever needed: a cell of day {@code D} changes only because of an event
 * received between {@code D - }{@value #FUTURE_DAYS} days and {@code D + horizonDays}, where {@code
 * horizonDays = retentionDays - }{@value #MARGIN_DAYS}.
 *
 * <ul>
 *   <li>An event whose own day is outside that window of its received day is not aggregated (the
 *       {@link Filter} before the trend and dose branches; timeliness, keyed by received week,
 *       still counts it): a full-history immunization message re-sending a dose given three years
 *       ago, or a lab result for a specimen taken two years ago. Counted in the metric {@value
 *       #METRIC} and logged once per sender and task.
 *   <li>A withdrawal that an event causes on another day (a dose record moved from its old day, a
 *       lab result's earlier version) is applied only when that other day is not older than the
 *       horizon before the event's received day ({@link #stillOpen}); else the old week stays as it
 *       is (counted in the same metric).
 * </ul>
 *
 * <p>Every write of such a cell therefore happens between {@code D - 3} days (the future slack and
 * the zone of the received day) and {@code D + 6 + horizonDays} plus the job's processing lag (a
 * week cell spans 7 days), so two consecutive writes are less than {@code retentionDays} apart
 * while the job runs less than about 20 days behind the events' receipt. The episode step's
 * withdrawals follow within {@code episodeDays + 30} days of the cell write they undo, far inside
 * the retention. The margin of {@value #MARGIN_DAYS} days covers the week, the future slack and
 * that lag.
 */
public final class Horizon implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Days the horizon stays inside the state retention: a week, the future slack, the lag. */
  public static final int MARGIN_DAYS = 30;

  /** Days an event may lie after its received day (time zones; a sender's clock). */
  public static final int FUTURE_DAYS = 2;

  /** The metric counting events, and withdrawals, outside the horizon. */
  public static final String METRIC = "beyondHorizon";

  private final long days;

  /**
   * @param days how many days before its received day an event may lie and still be aggregated
   */
  public Horizon(long days) {
    this.days = days;
  }

  /** No horizon: every day is covered (tests of one step alone). */
  public static Horizon none() {
    return new Horizon(Long.MIN_VALUE);
  }

  /** The horizon of a job whose state expires {@code retentionDays} after the last write. */
  public static Horizon ofRetention(int retentionDays) {
    return new Horizon(retentionDays - MARGIN_DAYS);
  }

  /** Whether an event received on {@code receivedDay} may change cells of {@code day}. */
  public boolean covers(long day, long receivedDay) {
    return days == Long.MIN_VALUE || day >= receivedDay - days && day <= receivedDay + FUTURE_DAYS;
  }

  /**
   * Whether an event received on {@code receivedDay} may still withdraw what an earlier event
   * counted on {@code day}: the day is not older than the horizon. (That earlier event passed
   * {@link #covers} when it was counted, so the cell was written then.)
   */
  public boolean stillOpen(long day, long receivedDay) {
    return days == Long.MIN_VALUE || day >= receivedDay - days;
  }

  public long days() {
    return days;
  }

  /** Passes the events whose day is inside the horizon of their received day. */
  public static final class Filter extends RichFilterFunction<Report> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Filter.class);

    private final Horizon horizon;
    private transient Counter beyond;
    private transient Set<String> logged;

    public Filter(Horizon horizon) {
      this.horizon = horizon;
    }

    @Override
    public void open(OpenContext context) {
      beyond = getRuntimeContext().getMetricGroup().counter(METRIC);
      logged = new HashSet<>();
    }

    @Override
    public boolean filter(Report e) {
      if (horizon.covers(e.eventDay, e.receivedDay)) {
        return true;
      }
      beyond.inc();
      if (logged.add(e.senderId == null ? "" : e.senderId)) {
        LOG.warn(
            "events outside the aggregation horizon are not counted in trends or doses (first of"
                + " this sender; see metric {}) [sender: {}, horizon days: {}]",
            METRIC,
            e.senderId,
            horizon.days);
      }
      return false;
    }
  }
}
