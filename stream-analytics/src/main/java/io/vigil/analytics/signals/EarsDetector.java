package io.vigil.analytics.signals;

import io.vigil.analytics.cases.LabCount;
import io.vigil.analytics.job.AnalyticsConfig.EarsConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Daily new-case series per condition × state × county, scored with EARS C1/C2/C3 ({@link Ears}). A
 * day is first scored when the event-time watermark passes its end (all days since the last scored
 * one are scored, zero days included). A late count for a day already scored marks it dirty; after
 * the flush interval every scored day whose baselines include it (up to 11 days later) is scored
 * again, and the upserted rows replace the earlier ones.
 *
 * <p>A method is scored only once the series has a full baseline for it (series start = first day
 * with a case), so a new series does not alarm on an all-zero history it never had. Counts older
 * than {@code lookbackDays} before the newest scored day are dropped from this state.
 */
public final class EarsDetector extends KeyedProcessFunction<String, LabCount, SignalRow> {
  private static final long serialVersionUID = 1L;
  private static final long DAY_MILLIS = 86_400_000L;

  private final EarsConfig config;
  private final long flushMillis;
  private transient MapState<Long, Long> counts;
  private transient ValueState<Long> firstDay;
  private transient ValueState<Long> lastScored;
  private transient ValueState<Long> dirtyFrom;
  private transient ValueState<Long> dirtyTo;

  public EarsDetector(EarsConfig config, long flushMillis) {
    this.config = config;
    this.flushMillis = Math.max(1, flushMillis);
  }

  @Override
  public void open(OpenContext context) {
    counts =
        getRuntimeContext().getMapState(new MapStateDescriptor<>("counts", Types.LONG, Types.LONG));
    firstDay = getRuntimeContext().getState(new ValueStateDescriptor<>("first", Types.LONG));
    lastScored = getRuntimeContext().getState(new ValueStateDescriptor<>("scored", Types.LONG));
    dirtyFrom = getRuntimeContext().getState(new ValueStateDescriptor<>("dirty", Types.LONG));
    dirtyTo = getRuntimeContext().getState(new ValueStateDescriptor<>("dirty-to", Types.LONG));
  }

  @Override
  public void processElement(LabCount count, Context ctx, Collector<SignalRow> out)
      throws Exception {
    long day = count.day();
    Long scored = lastScored.value();
    if (count.newCases() == 0 || (scored != null && day < scored - config.lookbackDays())) {
      return;
    }
    Long current = counts.get(day);
    counts.put(day, (current == null ? 0 : current) + count.newCases());
    Long first = firstDay.value();
    if (first == null || day < first) {
      firstDay.update(day);
    }
    if (scored != null && day <= scored) {
      Long dirty = dirtyFrom.value();
      if (dirty == null || day < dirty) {
        dirtyFrom.update(day);
      }
      Long dirtyEnd = dirtyTo.value();
      if (dirtyEnd == null || day > dirtyEnd) {
        dirtyTo.update(day);
      }
      long now = ctx.timerService().currentProcessingTime();
      ctx.timerService().registerProcessingTimeTimer((now / flushMillis + 1) * flushMillis);
    } else {
      ctx.timerService().registerEventTimeTimer((day + 1) * DAY_MILLIS - 1);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SignalRow> out)
      throws Exception {
    Long scored = lastScored.value();
    if (ctx.timeDomain() == org.apache.flink.streaming.api.TimeDomain.EVENT_TIME) {
      // The watermark has passed the end of this day: score every complete day not yet scored.
      // (Bounded by the timer's own day, not the watermark, which jumps to +inf at end of input.)
      long upTo = Math.floorDiv(timestamp + 1, DAY_MILLIS) - 1;
      if (scored != null && upTo <= scored) {
        return;
      }
      long from =
          Math.max(scored == null ? firstDay.value() : scored + 1, upTo - config.lookbackDays());
      score(ctx.getCurrentKey(), from, upTo, out);
      lastScored.update(upTo);
      prune(upTo - config.lookbackDays() - Ears.C3_HISTORY);
    } else {
      Long dirty = dirtyFrom.value();
      if (dirty == null || scored == null) {
        return;
      }
      long to = Math.min(scored, dirtyTo.value() + Ears.C3_HISTORY);
      dirtyFrom.clear();
      dirtyTo.clear();
      score(ctx.getCurrentKey(), dirty, to, out);
    }
  }

  private void score(String key, long from, long to, Collector<SignalRow> out) throws Exception {
    long first = firstDay.value();
    String[] parts = key.split("\\|", -1);
    for (long t = from; t <= to; t++) {
      long[] series = new long[Ears.C3_HISTORY + 1];
      for (int i = 0; i < series.length; i++) {
        Long c = counts.get(t - Ears.C3_HISTORY + i);
        series[i] = c == null ? 0 : c;
      }
      List<Ears.Result> results = new ArrayList<>(3);
      if (t - Ears.C1_HISTORY >= first) {
        results.add(Ears.c1(series, config));
      }
      if (t - Ears.C2_HISTORY >= first) {
        results.add(Ears.c2(series, config));
      }
      if (t - Ears.C3_HISTORY >= first) {
        results.add(Ears.c3(series, config));
      }
      for (Ears.Result r : results) {
        out.collect(
            new SignalRow(
                parts[0],
                parts[1],
                parts[2],
                t,
                r.method(),
                r.observed(),
                r.expected(),
                r.sigma(),
                r.statistic(),
                r.threshold(),
                r.alarm()));
      }
    }
  }

  private void prune(long before) throws Exception {
    List<Long> old = new ArrayList<>();
    for (Long day : counts.keys()) {
      if (day < before) {
        old.add(day);
      }
    }
    for (Long day : old) {
      counts.remove(day);
    }
  }

  /** Keys new-case counts by condition × state × county. */
  public static final class BySeries implements KeySelector<LabCount, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(LabCount c) {
      return c.condition() + '|' + c.stateFips() + '|' + c.countyFips();
    }
  }
}
