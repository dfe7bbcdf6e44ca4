package io.vigil.hub.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.analytics.job.AnalyticsConfig;
import io.vigil.analytics.job.Horizon;
import io.vigil.events.DeidentifiedEvent;
import io.vigil.events.EventCodec;
import java.io.PrintWriter;
import java.util.List;

/** How {@code vigil check --events} shows the de-identified events a message would add. */
final class EventLines {
  /** The analytics' horizon at their default state retention, as the hub runs them. */
  private static final Horizon HORIZON =
      Horizon.ofRetention(AnalyticsConfig.defaults().retentionDays());

  private EventLines() {}

  /** The events, one line each, or why there are none. */
  static void print(PrintWriter out, List<DeidentifiedEvent> derived) {
    if (derived.isEmpty()) {
      out.println(
          "  no events: nothing in it is counted in the trends (an error, or no result of a"
              + " reportable condition with an outcome, or no dose given, or a processing id"
              + " --processing-ids leaves out)");
    }
    for (DeidentifiedEvent e : derived) {
      out.println("  event " + describe(e));
    }
  }

  /** The events as their JSON encoding on Kafka. */
  static JsonArray json(List<DeidentifiedEvent> derived) {
    JsonArray a = new JsonArray();
    derived.forEach(e -> a.add(new JsonObject(EventCodec.encodeToString(e))));
    return a;
  }

  /** One event on one line: its kind, then the fields it carries. */
  static String describe(DeidentifiedEvent e) {
    StringBuilder b = new StringBuilder(e.kind());
    field(b, "condition", e.condition());
    field(b, "test", e.testCode());
    field(b, "outcome", e.interpretation());
    field(b, "status", e.resultStatus());
    field(b, "vaccine", e.vaccineCode());
    field(b, "group", e.vaccineGroup());
    field(b, "dose", e.doseNumber());
    field(b, "day", e.eventDate());
    field(b, "age", e.ageBand());
    field(b, "sex", e.sex());
    field(b, "state", e.stateFips());
    field(b, "county", e.countyFips());
    field(b, "zip3", e.zip3());
    field(b, "person", e.personKey() == null ? null : e.personKey().substring(0, 8));
    if (DeidentifiedEvent.LAB_RESULT_RETRACTION.equals(e.kind())) {
      b.append(" (takes back an earlier version of this result, if one was counted)");
    }
    if (!HORIZON.covers(e.eventDate().toEpochDay(), e.receivedDate().toEpochDay())) {
      b.append(" (not counted: its day is more than ")
          .append(HORIZON.days())
          .append(" days before receipt, outside the analytics' aggregation horizon)");
    }
    return b.toString();
  }

  private static void field(StringBuilder b, String name, Object value) {
    if (value != null) {
      b.append(' ').append(name).append('=').append(value);
    }
  }
}
