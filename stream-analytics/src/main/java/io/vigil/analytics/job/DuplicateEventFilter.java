package io.vigil.analytics.job;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops a report whose event id was already seen, remembering ids for {@code memory} (processing
 * time). The outbox relay publishes at least once (a crash between Kafka's acknowledgement and
 * marking the rows published repeats a round), so the same event can arrive twice; counting it once
 * keeps every total exact (14 days, far longer than any relay retry). Doses reported again (full
 * history, two providers) are counted once by {@link io.vigil.analytics.doses.DoseSupport}.
 */
public final class DuplicateEventFilter extends KeyedProcessFunction<String, Report, Report> {
  private static final long serialVersionUID = 1L;

  private final Duration memory;
  private transient ValueState<Boolean> seen;

  /** Drops what was already seen; every report counts as seen. */
  public DuplicateEventFilter(Duration memory) {
    this.memory = memory;
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
    d.enableTimeToLive(StateExpiry.afterWrite(memory));
    seen = getRuntimeContext().getState(d);
  }

  @Override
  public void processElement(Report report, Context ctx, Collector<Report> out) throws Exception {
    if (seen.value() == null) {
      seen.update(Boolean.TRUE);
      out.collect(report);
    }
  }

  /** Keys reports by event id. */
  public static final class ByEventId implements KeySelector<Report, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Report r) {
      return r.eventId;
    }
  }
}
