package io.vigil.analytics.doses;

import io.vigil.analytics.job.Report;
import io.vigil.analytics.job.StateExpiry;
import java.time.Duration;
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
 * Counts a dose (person × vaccine group × day) once while at least one record supports it. Keyed by
 * that triple, it keeps the keys of the records that support it ({@link DoseRecords}' output) and
 * the cell the dose was counted in. The first supporting record counts the dose (+1 passes on);
 * more records (another clinic's copy, a Pentacel beside a Hib charted the same day) count nothing;
 * a withdrawal removes its own record only, and the dose is taken back (−1 in the cell it was
 * counted in) when no record is left. Two doses of one group on one day count once, which is also
 * what a schedule allows. The state expires {@code memory} after its last write.
 */
public final class DoseSupport extends KeyedProcessFunction<String, Report, Report> {
  private static final long serialVersionUID = 1L;

  private final Duration memory;
  private transient MapState<String, Boolean> records;
  private transient ValueState<Report> counted;

  public DoseSupport(Duration memory) {
    this.memory = memory;
  }

  @Override
  public void open(OpenContext context) {
    MapStateDescriptor<String, Boolean> r =
        new MapStateDescriptor<>("dose-supporting-records", Types.STRING, Types.BOOLEAN);
    r.enableTimeToLive(StateExpiry.afterWrite(memory));
    records = getRuntimeContext().getMapState(r);
    ValueStateDescriptor<Report> c =
        new ValueStateDescriptor<>("dose-counted", Types.POJO(Report.class));
    c.enableTimeToLive(StateExpiry.afterWrite(memory));
    counted = getRuntimeContext().getState(c);
  }

  @Override
  public void processElement(Report r, Context ctx, Collector<Report> out) throws Exception {
    if (r.doseDeletion) {
      if (!records.contains(r.resultKey)) {
        return; // not a supporting record (withdrawn already, or never counted)
      }
      records.remove(r.resultKey);
      Report dose = counted.value();
      if (records.isEmpty() && dose != null) {
        counted.clear();
        dose.doseDeletion = true;
        out.collect(dose);
      }
      return;
    }
    if (records.contains(r.resultKey)) {
      return;
    }
    records.put(r.resultKey, Boolean.TRUE);
    if (counted.value() == null) {
      counted.update(cell(r));
      out.collect(r);
    }
  }

  /** What the dose cell reads of the counting record (its jurisdiction and age band). */
  private static Report cell(Report r) {
    Report c = new Report();
    c.personKey = r.personKey;
    c.vaccineGroup = r.vaccineGroup;
    c.eventDay = r.eventDay;
    c.stateFips = r.stateFips;
    c.countyFips = r.countyFips;
    c.zip3 = r.zip3;
    c.ageBand = r.ageBand;
    return c;
  }

  /** Keys doses by person × vaccine group × day. */
  public static final class ByDose implements KeySelector<Report, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Report r) {
      return r.personKey + '|' + r.vaccineGroup + '|' + r.eventDay;
    }
  }
}
