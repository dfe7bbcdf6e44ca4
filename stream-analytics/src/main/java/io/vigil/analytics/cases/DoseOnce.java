package io.vigil.analytics.cases;

import io.vigil.analytics.job.Report;
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
 * Counts one dose once. EHRs send a patient's whole history in each immunization message, resend a
 * dose after fixing another, and two providers (or a provider and a pharmacy) report the same shot:
 * each report is a new event. A dose is a person, a vaccine group and a day, so the first report of
 * that triple counts and later ones do not. Two doses of one vaccine group given to one person on
 * one day count once (which is also what a schedule allows). The state expires {@code memory} after
 * its last write.
 */
public final class DoseOnce extends KeyedProcessFunction<String, Report, Report> {
  private static final long serialVersionUID = 1L;

  private final Duration memory;
  private transient ValueState<Boolean> counted;

  public DoseOnce(Duration memory) {
    this.memory = memory;
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("dose-counted", Types.BOOLEAN);
    d.enableTimeToLive(StateExpiry.afterWrite(memory));
    counted = getRuntimeContext().getState(d);
  }

  @Override
  public void processElement(Report dose, Context ctx, Collector<Report> out) throws Exception {
    if (counted.value() == null) {
      counted.update(Boolean.TRUE);
      out.collect(dose);
    }
  }

  /** Keys doses by person × vaccine group × day. */
  public static final class ByPersonGroupDay implements KeySelector<Report, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Report r) {
      return r.personKey + '|' + r.vaccineGroup + '|' + r.eventDay;
    }
  }
}
