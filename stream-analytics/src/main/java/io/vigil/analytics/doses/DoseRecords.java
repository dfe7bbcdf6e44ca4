package io.vigil.analytics.doses;

import io.vigil.analytics.job.Horizon;
import io.vigil.analytics.job.Report;
import io.vigil.analytics.job.StateExpiry;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each dose record at its latest version. Keyed by the dose record key (the event's {@code
 * resultKey}: the sender's record, the same in its add, update and deletion), it remembers the
 * version that supports doses: its vaccine, its day and the vaccine groups seen for it (a
 * combination vaccine arrives as one event per group, all with one record key and vaccine).
 *
 * <ul>
 *   <li>An event with another day or vaccine than the remembered version is a new version (RXA-21
 *       {@code U} correcting the date or the product): the old version is withdrawn in each of its
 *       groups, then the new one supports its dose. The same version again (a full-history message)
 *       passes nothing on.
 *   <li>A deletion ({@code immunization_retraction}: RXA-21 {@code D}, {@code U} to not given)
 *       withdraws the remembered version (whatever day the deletion names) and forgets it; without
 *       one it withdraws its own record from the day it names.
 * </ul>
 *
 * <p>Output: the record's support (+) and withdrawals (deletions), each naming person, group, day
 * and record, for {@link DoseSupport}. A withdrawal from a day outside the {@link Horizon} of the
 * triggering event's received day is not passed on (metric {@value Horizon#METRIC}): that week is
 * no longer changed. The state expires {@code memory} after its last write.
 */
public final class DoseRecords extends KeyedProcessFunction<String, Report, Report> {
  private static final long serialVersionUID = 1L;

  private static final char SEPARATOR = '\t';

  private final Duration memory;
  private final Horizon horizon;
  private transient ValueState<Version> version;
  private transient Counter beyond;

  public DoseRecords(Duration memory, Horizon horizon) {
    this.memory = memory;
    this.horizon = horizon;
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<Version> d =
        new ValueStateDescriptor<>("dose-record", Types.POJO(Version.class));
    d.enableTimeToLive(StateExpiry.afterWrite(memory));
    version = getRuntimeContext().getState(d);
    beyond = getRuntimeContext().getMetricGroup().counter(Horizon.METRIC);
  }

  @Override
  public void processElement(Report r, Context ctx, Collector<Report> out) throws Exception {
    Version current = version.value();
    if (r.doseDeletion) {
      if (current == null) {
        out.collect(r);
      } else {
        withdraw(current, r, out);
        version.clear();
      }
      return;
    }
    if (current != null && (current.day != r.eventDay || !current.vaccine.equals(r.vaccineCode))) {
      withdraw(current, r, out);
      current = null;
    }
    if (current == null) {
      current = new Version();
      current.person = r.personKey;
      current.vaccine = r.vaccineCode;
      current.day = r.eventDay;
      current.groups = r.vaccineGroup;
    } else if (!current.has(r.vaccineGroup)) {
      current.groups = current.groups + SEPARATOR + r.vaccineGroup;
    } else {
      return; // the same version again
    }
    version.update(current);
    out.collect(r);
  }

  private void withdraw(Version v, Report trigger, Collector<Report> out) {
    if (!horizon.stillOpen(v.day, trigger.receivedDay)) {
      beyond.inc();
      return;
    }
    for (String group : v.groups.split(String.valueOf(SEPARATOR), -1)) {
      Report w = new Report();
      w.doseDeletion = true;
      w.personKey = v.person;
      w.vaccineGroup = group;
      w.vaccineCode = v.vaccine;
      w.eventDay = v.day;
      w.receivedDay = trigger.receivedDay;
      w.resultKey = trigger.resultKey;
      out.collect(w);
    }
  }

  /** Keys dose events by their record key. */
  public static final class ByRecord implements KeySelector<Report, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Report r) {
      return r.resultKey;
    }
  }

  /** The version of a record that supports doses (a Flink POJO). */
  public static final class Version {
    public String person;
    public String vaccine;
    public long day;

    /** Its vaccine groups, tab-separated. */
    public String groups;

    public Version() {}

    boolean has(String group) {
      for (String g : groups.split(String.valueOf(SEPARATOR), -1)) {
        if (g.equals(group)) {
          return true;
        }
      }
      return false;
    }
  }
}
