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
 * counted in) when no record is left. A deletion of a record never seen ({@code recordUnseen}: a
 * FHIR Immunization id minted per message, a v2 record first sent without ORC-3) removes the
 * sender's record of the dose with the same vaccine when there is exactly one; another sender's
 * copy, or another vaccine of the group, stays. Two doses of one group on one day count once, which
 * is also what a schedule allows. The state expires {@code memory} after its last write.
 */
public final class DoseSupport extends KeyedProcessFunction<String, Report, Report> {
  private static final long serialVersionUID = 1L;

  private final Duration memory;

  /** The supporting records' keys, each with its sender and vaccine ({@link #source}). */
  private transient MapState<String, String> records;

  private transient ValueState<Report> counted;

  public DoseSupport(Duration memory) {
    this.memory = memory;
  }

  @Override
  public void open(OpenContext context) {
    MapStateDescriptor<String, String> r =
        new MapStateDescriptor<>("dose-supporting-records", Types.STRING, Types.STRING);
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
      String record = records.contains(r.resultKey) ? r.resultKey : null;
      if (record == null && r.recordUnseen) {
        record = sendersOnlyRecord(source(r));
      }
      if (record == null) {
        return; // not a supporting record (withdrawn already, or never counted)
      }
      records.remove(record);
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
    records.put(r.resultKey, source(r));
    if (counted.value() == null) {
      counted.update(cell(r));
      out.collect(r);
    }
  }

  /**
   * The one record of this sender and vaccine ({@code source}) that supports this dose, or null
   * when there is none or several (a Pentacel's Hib beside a Hib the same day: which one was meant
   * is not known). Another vaccine of the group is another record: a deletion of a flu record CVX
   * 141 the hub never saw is not the CVX 150 record the clinic sent in its place.
   */
  private String sendersOnlyRecord(String source) throws Exception {
    if (source.endsWith("|")) {
      return null; // a deletion whose vaccine is not known names no record of the group
    }
    String found = null;
    for (var e : records.entries()) {
      if (e.getValue().equals(source)) {
        if (found != null) {
          return null;
        }
        found = e.getKey();
      }
    }
    return found;
  }

  /**
   * The sender and the vaccine (CVX as counted) of a record, as its supporting entry keeps them.
   */
  private static String source(Report r) {
    return (r.senderId == null ? "" : r.senderId)
        + '|'
        + (r.vaccineCode == null ? "" : r.vaccineCode);
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
