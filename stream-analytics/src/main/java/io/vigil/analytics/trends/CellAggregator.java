package io.vigil.analytics.trends;

import io.vigil.analytics.job.StateExpiry;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the running totals of one cell (keyed by {@link Cell#key()}) and emits the new absolute
 * total at most once per flush interval after a change, so the sink writes one upsert per changed
 * cell per flush instead of one per event, and a replay rewrites the same totals instead of adding
 * deltas twice. Totals expire after {@code retention} without writes (processing time).
 */
public final class CellAggregator extends KeyedProcessFunction<String, Cell, Cell> {
  private static final long serialVersionUID = 1L;

  private final long flushMillis;
  private final Duration retention;
  private transient ValueState<Cell> total;

  public CellAggregator(Duration flushInterval, Duration retention) {
    this.flushMillis = Math.max(1, flushInterval.toMillis());
    this.retention = retention;
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<Cell> descriptor =
        new ValueStateDescriptor<>("total", Types.POJO(Cell.class));
    descriptor.enableTimeToLive(StateExpiry.afterWrite(retention));
    total = getRuntimeContext().getState(descriptor);
  }

  @Override
  public void processElement(Cell delta, Context ctx, Collector<Cell> out) throws Exception {
    Cell current = total.value();
    if (current == null) {
      current = delta.copy();
    } else {
      for (int i = 0; i < current.counts.length; i++) {
        current.counts[i] += delta.counts[i];
      }
    }
    total.update(current);
    // Timers with the same timestamp are deduplicated per key: one emission per flush window.
    long now = ctx.timerService().currentProcessingTime();
    ctx.timerService().registerProcessingTimeTimer((now / flushMillis + 1) * flushMillis);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Cell> out) throws Exception {
    Cell current = total.value();
    if (current != null) {
      out.collect(current);
    }
  }

  /** Keys cells by {@link Cell#key()}. */
  public static final class ByKey implements KeySelector<Cell, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Cell cell) {
      return cell.key();
    }
  }
}
