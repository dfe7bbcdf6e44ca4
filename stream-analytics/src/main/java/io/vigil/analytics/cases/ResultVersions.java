package io.vigil.analytics.cases;

import io.vigil.analytics.job.Horizon;
import io.vigil.analytics.job.Report;
import io.vigil.analytics.job.StateExpiry;
import java.time.Duration;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Counts each lab result once, in its latest version. Labs send a result again when it changes: a
 * final after a preliminary (cultures), a corrected one after a final, and a withdrawal when it was
 * wrong (HL7 result status {@code D} / {@code W}, FHIR {@code entered-in-error}). Each version is a
 * new event, and without this step every one of them was another test (and another positive).
 *
 * <p>Keyed by the result key (the same for every version of one result), it remembers the cell the
 * counted version was counted in and whether it was positive. A newer version takes its place: the
 * remembered contribution is withdrawn on {@link #RETRACTIONS} (one test, and one positive when it
 * was positive, at its own day and cell) and the new version goes on to be counted. A preliminary
 * never replaces a final or corrected version (it is dropped). A withdrawal withdraws, and goes on
 * (counting nothing) so that the episode step can take back a case that rested on it ({@link
 * EpisodeDeduplicator}). A result without a key (its report named no order number) passes through
 * untouched. The state expires {@code memory} after its last write. A version outside the {@link
 * Horizon} of the newer one's received day stays counted (its day's cells no longer change).
 */
public final class ResultVersions extends KeyedProcessFunction<String, Report, Report> {
  private static final long serialVersionUID = 1L;

  /** The withdrawn contributions of replaced or withdrawn versions (negative deltas). */
  public static final OutputTag<LabCount> RETRACTIONS =
      new OutputTag<>("retracted-results", TypeInformation.of(LabCount.class));

  /** Key prefix of a result without a result key: it is its own, only version. */
  public static final String STANDALONE = "event:";

  private final Duration memory;
  private final Horizon horizon;
  private transient ValueState<CountedResult> counted;
  private transient Counter beyond;

  /** Without a horizon: every replaced version is withdrawn. */
  public ResultVersions(Duration memory) {
    this(memory, Horizon.none());
  }

  /**
   * @param horizon a replaced version whose day is outside the horizon of the new version's
   *     received day is not withdrawn (that day's cells no longer change; metric {@value
   *     Horizon#METRIC})
   */
  public ResultVersions(Duration memory, Horizon horizon) {
    this.memory = memory;
    this.horizon = horizon;
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext context) {
    ValueStateDescriptor<CountedResult> descriptor =
        new ValueStateDescriptor<>("counted-result", Types.POJO(CountedResult.class));
    descriptor.enableTimeToLive(StateExpiry.afterWrite(memory));
    counted = getRuntimeContext().getState(descriptor);
    beyond = getRuntimeContext().getMetricGroup().counter(Horizon.METRIC);
  }

  @Override
  public void processElement(Report r, Context ctx, Collector<Report> out) throws Exception {
    if (r.resultKey.startsWith(STANDALONE)) {
      if (!r.retraction) {
        out.collect(r);
      }
      return;
    }
    CountedResult previous = counted.value();
    if (r.retraction) {
      if (previous != null) {
        withdraw(previous, r, ctx);
        counted.clear();
        // The episode the withdrawn version was counted in: a culture's final that names no listed
        // organism, or another one, names another condition than that version did.
        r.condition = previous.condition;
      }
      out.collect(r); // counts nothing downstream; lets the episode forget the result
      return;
    }
    if (previous != null) {
      if (r.resultStatus.equals("preliminary") && previous.settled) {
        return; // a late preliminary after the final: the final stands
      }
      withdraw(previous, r, ctx);
      if (!previous.condition.equals(r.condition)) {
        // The new version counts in another episode (a culture's organism changed between its
        // preliminary and its final): the old one's case must not rest on it any more.
        out.collect(previous.leaving(r));
      }
    }
    counted.update(CountedResult.of(r));
    out.collect(r);
  }

  private void withdraw(CountedResult previous, Report r, Context ctx) {
    if (horizon.stillOpen(previous.day, r.receivedDay)) {
      ctx.output(RETRACTIONS, previous.retraction());
    } else {
      beyond.inc();
    }
  }

  /** The version that is counted: its cell, day and positivity (a Flink POJO). */
  public static final class CountedResult {
    public boolean settled;
    public boolean positive;
    public long day;
    public String condition;
    public String stateFips;
    public String countyFips;
    public String zip3;
    public String ageBand;
    public String sex;

    public CountedResult() {}

    static CountedResult of(Report r) {
      CountedResult c = new CountedResult();
      c.settled = !r.resultStatus.equals("preliminary") && !r.resultStatus.isEmpty();
      c.positive = r.positive;
      c.day = r.eventDay;
      c.condition = r.condition;
      c.stateFips = r.stateFips;
      c.countyFips = r.countyFips;
      c.zip3 = r.zip3;
      c.ageBand = r.ageBand;
      c.sex = r.sex;
      return c;
    }

    /** A withdrawal of this version from the episode it was counted in, when {@code r} moves it. */
    Report leaving(Report r) {
      Report w = new Report();
      w.eventId = r.eventId;
      w.labResult = true;
      w.senderId = r.senderId;
      w.retraction = true;
      w.resultKey = r.resultKey;
      w.personKey = r.personKey; // one person: the result key holds the person key
      w.condition = condition;
      w.eventDay = day;
      w.receivedDay = r.receivedDay;
      w.vaccineGroup = "";
      w.vaccineCode = "";
      w.stateFips = stateFips;
      w.countyFips = countyFips;
      w.zip3 = zip3;
      w.ageBand = ageBand;
      w.sex = sex;
      w.resultStatus = "";
      return w;
    }

    LabCount retraction() {
      return new LabCount(
          condition, stateFips, countyFips, zip3, ageBand, sex, day, -1, positive ? -1 : 0, 0);
    }
  }
}
