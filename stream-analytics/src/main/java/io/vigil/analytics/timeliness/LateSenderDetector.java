package io.vigil.analytics.timeliness;

import io.vigil.analytics.job.AnalyticsConfig.TimelinessConfig;
import io.vigil.analytics.job.StateExpiry;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sums the per-condition timeliness rows of a sender-week (keyed by sender × week; each condition's
 * latest row replaces its previous one) and raises an alert when at least {@code minReports}
 * results have a result time and the on-time share is below the threshold. Once raised, the alert
 * row keeps being updated, with {@code active = false} if late reports lift the share again.
 */
public final class LateSenderDetector
    extends KeyedProcessFunction<String, TimelinessRow, TimelinessAlert> {
  private static final long serialVersionUID = 1L;

  private final TimelinessConfig config;
  private final Duration retention;
  private transient MapState<String, long[]> byCondition;
  private transient ValueState<Boolean> raised;

  public LateSenderDetector(TimelinessConfig config, Duration retention) {
    this.config = config;
    this.retention = retention;
  }

  @Override
  public void open(OpenContext context) {
    StateTtlConfig ttl = StateExpiry.afterWrite(retention);
    MapStateDescriptor<String, long[]> conditions =
        new MapStateDescriptor<>(
            "conditions", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
    conditions.enableTimeToLive(ttl);
    ValueStateDescriptor<Boolean> flag = new ValueStateDescriptor<>("raised", Types.BOOLEAN);
    flag.enableTimeToLive(ttl);
    byCondition = getRuntimeContext().getMapState(conditions);
    raised = getRuntimeContext().getState(flag);
  }

  @Override
  public void processElement(TimelinessRow row, Context ctx, Collector<TimelinessAlert> out)
      throws Exception {
    byCondition.put(row.condition(), new long[] {row.withResulted(), row.onTime()});
    long with = 0;
    long onTime = 0;
    for (long[] v : byCondition.values()) {
      with += v[0];
      onTime += v[1];
    }
    if (with == 0) {
      return;
    }
    double pct = 100.0 * onTime / with;
    boolean late = with >= config.minReports() && pct < config.onTimeThresholdPct();
    if (late || Boolean.TRUE.equals(raised.value())) {
      raised.update(true);
      out.collect(
          new TimelinessAlert(
              row.senderId(), row.weekStart(), with, pct, config.onTimeThresholdPct(), late));
    }
  }

  /** Keys rows by sender × week. */
  public static final class BySenderWeek implements KeySelector<TimelinessRow, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(TimelinessRow row) {
      return row.senderId() + '|' + row.weekStart();
    }
  }
}
