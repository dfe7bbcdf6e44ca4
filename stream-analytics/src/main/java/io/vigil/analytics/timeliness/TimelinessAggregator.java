package io.vigil.analytics.timeliness;

import io.vigil.analytics.job.Report;
import io.vigil.analytics.job.StateExpiry;
import io.vigil.events.MmwrWeek;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Timeliness per sender × condition × MMWR week of the received day: keeps a {@link TimelinessCell}
 * and emits its recomputed row at most once per flush interval after a change (absolute figures, so
 * late reports revise the row and replays rewrite it).
 */
public final class TimelinessAggregator
    extends KeyedProcessFunction<String, Report, TimelinessRow> {
  private static final long serialVersionUID = 1L;

  private final long flushMillis;
  private final Duration retention;
  private transient ValueState<TimelinessCell> cell;

  public TimelinessAggregator(Duration flushInterval, Duration retention) {
    this.flushMillis = Math.max(1, flushInterval.toMillis());
    this.retention = retention;
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<TimelinessCell> descriptor =
        new ValueStateDescriptor<>("cell", Types.POJO(TimelinessCell.class));
    descriptor.enableTimeToLive(StateExpiry.afterWrite(retention));
    cell = getRuntimeContext().getState(descriptor);
  }

  @Override
  public void processElement(Report event, Context ctx, Collector<TimelinessRow> out)
      throws Exception {
    TimelinessCell current = cell.value();
    if (current == null) {
      current = new TimelinessCell(event.senderId, event.condition, weekStart(event.receivedDay));
    }
    current.add(event);
    cell.update(current);
    long now = ctx.timerService().currentProcessingTime();
    ctx.timerService().registerProcessingTimeTimer((now / flushMillis + 1) * flushMillis);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<TimelinessRow> out)
      throws Exception {
    TimelinessCell current = cell.value();
    if (current != null) {
      out.collect(current.toRow());
    }
  }

  /** Keys lab results by sender × condition × MMWR week of the received day. */
  public static final class ByCell implements KeySelector<Report, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Report e) {
      return e.senderId + '|' + e.condition + '|' + weekStart(e.receivedDay);
    }
  }

  static long weekStart(long epochDay) {
    return MmwrWeek.startOf(LocalDate.ofEpochDay(epochDay)).toEpochDay();
  }
}
