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
 * Drops a report whose key was already seen, remembering keys for {@code memory} (processing time).
 *
 * <ul>
 *   <li>By event id ({@link ByEventId}): the outbox relay publishes at least once (a crash between
 *       Kafka's acknowledgement and marking the rows published repeats a round), so the same event
 *       can arrive twice; counting it once keeps every total exact (14 days, far longer than any
 *       relay retry).
 *   <li>By dose ({@link ByDose}): EHRs send a patient's whole history in each immunization message,
 *       resend a dose after fixing another, and two providers may report one shot; a dose is a
 *       person, a vaccine group and a day, so it counts once (two doses of one group on one day
 *       count once, which is also what a schedule allows). A deleted dose record (RXA-21 {@code D})
 *       takes its dose back ({@link #ofDoses}).
 * </ul>
 */
public final class DuplicateEventFilter extends KeyedProcessFunction<String, Report, Report> {
  private static final long serialVersionUID = 1L;

  private final Duration memory;
  private final boolean deletions;
  private transient ValueState<Boolean> seen;

  /** Drops what was already seen; every report counts as seen. */
  public DuplicateEventFilter(Duration memory) {
    this(memory, false);
  }

  private DuplicateEventFilter(Duration memory, boolean deletions) {
    this.memory = memory;
    this.deletions = deletions;
  }

  /**
   * The dose filter ({@link ByDose}), which also takes deletions: a deletion of a counted dose
   * passes on (to be counted -1) and forgets it, so a dose sent again later counts again; a
   * deletion of a dose not counted (never sent, or deleted already) is dropped.
   */
  public static DuplicateEventFilter ofDoses(Duration memory) {
    return new DuplicateEventFilter(memory, true);
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
    d.enableTimeToLive(StateExpiry.afterWrite(memory));
    seen = getRuntimeContext().getState(d);
  }

  @Override
  public void processElement(Report report, Context ctx, Collector<Report> out) throws Exception {
    if (deletions && report.doseDeletion) {
      if (seen.value() != null) {
        seen.clear();
        out.collect(report);
      }
      return;
    }
    if (seen.value() == null) {
      seen.update(Boolean.TRUE);
      out.collect(report);
    }
  }

  /** Keys doses by person × vaccine group × day. */
  public static final class ByDose implements KeySelector<Report, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Report r) {
      return r.personKey + '|' + r.vaccineGroup + '|' + r.eventDay;
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
