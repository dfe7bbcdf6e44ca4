package io.vigil.analytics.doses;

import io.vigil.analytics.job.Horizon;
import io.vigil.analytics.job.Report;
import io.vigil.analytics.job.StateExpiry;
import io.vigil.events.DeidentifiedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each dose record's versions. Keyed by the dose record key (the event's {@code resultKey}:
 * the sender's record, the same in its add, update and deletion), it remembers the versions that
 * support doses: each a vaccine, a day and the vaccine groups seen for it (a combination vaccine
 * arrives as one event per group, all with one record key and vaccine).
 *
 * <ul>
 *   <li>An add with another day or vaccine than the versions remembered is one more version: real
 *       senders reuse record numbers (Wisconsin's registry writes ORC-3 {@code 0} on every record,
 *       test clients number records per message), so an add never takes back an earlier dose. The
 *       same version again (a full-history message) passes nothing on.
 *   <li>An update ({@code resultStatus} {@code update}: RXA-21 {@code U} correcting the date or the
 *       product) replaces the record's other versions: each is withdrawn in each of its groups,
 *       then the new one supports its dose.
 *   <li>A deletion ({@code immunization_retraction}: RXA-21 {@code D}, {@code U} to not given)
 *       withdraws the version of its vaccine and day, else the record's only version (a record
 *       moved by an update, deleted as it was first sent), and remembers it as deleted: the same
 *       deletion again (a batch sent twice) changes nothing, an add of it again counts it again. A
 *       deletion of a record never seen passes on marked {@code recordUnseen}, for the dose to take
 *       back the sender's one record of it ({@link DoseSupport}).
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
  private transient ListState<Version> versions;
  private transient Counter beyond;

  public DoseRecords(Duration memory, Horizon horizon) {
    this.memory = memory;
    this.horizon = horizon;
  }

  @Override
  public void open(OpenContext context) {
    ListStateDescriptor<Version> d =
        new ListStateDescriptor<>("dose-record-versions", Types.POJO(Version.class));
    d.enableTimeToLive(StateExpiry.afterWrite(memory));
    versions = getRuntimeContext().getListState(d);
    beyond = getRuntimeContext().getMetricGroup().counter(Horizon.METRIC);
  }

  @Override
  public void processElement(Report r, Context ctx, Collector<Report> out) throws Exception {
    List<Version> kept = new ArrayList<>();
    for (Version v : versions.get()) {
      kept.add(v);
    }
    Version named = kept.stream().filter(v -> v.is(r)).findFirst().orElse(null);
    if (r.doseDeletion) {
      if (named != null && named.deleted) {
        return; // deleted already: the deletion sent again
      }
      List<Version> live = kept.stream().filter(v -> !v.deleted).toList();
      Version deleted = named != null ? named : live.size() == 1 ? live.get(0) : null;
      if (deleted == null) {
        if (live.isEmpty() && !kept.isEmpty()) {
          return; // every version deleted already (a moved record's deletion sent again)
        }
        r.recordUnseen = kept.isEmpty();
        out.collect(r);
        return;
      }
      withdraw(deleted, r, out);
      deleted.deleted = true;
      versions.update(kept);
      return;
    }
    if (DeidentifiedEvent.DOSE_UPDATE.equals(r.resultStatus)) {
      for (java.util.Iterator<Version> it = kept.iterator(); it.hasNext(); ) {
        Version v = it.next();
        if (!v.is(r) && !v.deleted) {
          withdraw(v, r, out);
          it.remove();
        }
      }
    }
    Version current = named;
    if (current == null) {
      current = new Version();
      current.person = r.personKey;
      current.vaccine = r.vaccineCode;
      current.day = r.eventDay;
      current.groups = r.vaccineGroup;
      kept.add(current);
    } else if (current.deleted) {
      current.deleted = false; // added again after its deletion
      current.groups = r.vaccineGroup;
    } else if (!current.has(r.vaccineGroup)) {
      current.groups = current.groups + SEPARATOR + r.vaccineGroup;
    } else {
      versions.update(kept); // an update may have withdrawn others
      return; // the same version again
    }
    versions.update(kept);
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

  /** A version of a record that supports doses (a Flink POJO). */
  public static final class Version {
    public String person;
    public String vaccine;
    public long day;

    /** Its vaccine groups, tab-separated. */
    public String groups;

    /** Deleted: remembered so that the same deletion again changes nothing. */
    public boolean deleted;

    public Version() {}

    /** Whether {@code r} names this version: its vaccine and day. */
    boolean is(Report r) {
      return day == r.eventDay && vaccine.equals(r.vaccineCode);
    }

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
