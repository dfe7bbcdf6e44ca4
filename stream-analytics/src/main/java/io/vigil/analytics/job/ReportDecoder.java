package io.vigil.analytics.job;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.events.DeidentifiedEvent;
import io.vigil.events.EventCodec;
import io.vigil.events.MalformedEventException;
import java.io.IOException;
import java.time.LocalDate;

/**
 * Decodes {@code vigil.events.v1} JSON straight into a {@link Report}, reading only the tokens it
 * needs with Jackson's streaming parser: no {@link DeidentifiedEvent} record, no {@code LocalDate}
 * objects, no data binding. This was the job's largest per-event cost after state access.
 *
 * <p>It accepts exactly what {@link EventCodec#decode} accepts, with the same result: the fast path
 * takes the form {@link EventCodec#encode} writes (strings or null for text, integers or null for
 * numbers, {@code yyyy-MM-dd} dates) and checks the same rules as the event record; anything else
 * (a coercible number-as-string, another date form, an invalid event) goes to {@link
 * EventCodec#decode}, which decodes it or throws {@link MalformedEventException}. Not thread-safe
 * (one per deserializer instance).
 */
final class ReportDecoder {
  private static final JsonFactory JSON = new JsonFactory();

  /** Thrown inside the fast path to hand the record to the full decoder. */
  private static final class NotFastPath extends Exception {
    private static final long serialVersionUID = 1L;

    NotFastPath() {
      super(null, null, false, false);
    }
  }

  private static final NotFastPath NOT_FAST_PATH = new NotFastPath();

  Report decode(byte[] json) {
    Report fast = fast(json);
    if (fast != null) {
      return fast;
    }
    // The full decoder decides (and explains malformed input).
    DeidentifiedEvent event = EventCodec.decode(json);
    if (event == null) {
      throw new MalformedEventException("a JSON null is not an event", null);
    }
    return Report.of(event);
  }

  /** The report when {@code json} is in the form the fast path takes, else null. */
  static Report fast(byte[] json) {
    try {
      return fastPath(json);
    } catch (NotFastPath | IOException | RuntimeException e) {
      return null;
    }
  }

  /** The report, or null / {@link NotFastPath} when the full decoder must decide. */
  private static Report fastPath(byte[] json) throws IOException, NotFastPath {
    if (json == null) {
      return null;
    }
    String schema = null;
    String kind = null;
    long eventDay = Long.MIN_VALUE;
    long receivedDay = Long.MIN_VALUE;
    String interpretation = null;
    Report r = new Report();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        if (t != JsonToken.FIELD_NAME) {
          return null;
        }
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "schema" -> schema = text(p, v);
          case "eventId" -> r.eventId = text(p, v);
          case "kind" -> kind = text(p, v);
          case "senderId" -> r.senderId = text(p, v);
          case "eventDate" -> eventDay = day(p, v);
          case "receivedDate" -> receivedDay = day(p, v);
          case "condition" -> r.condition = text(p, v);
          case "interpretation" -> interpretation = text(p, v);
          case "vaccineGroup" -> r.vaccineGroup = text(p, v);
          case "vaccineCode" -> r.vaccineCode = text(p, v);
          case "stateFips" -> r.stateFips = text(p, v);
          case "countyFips" -> r.countyFips = text(p, v);
          case "zip3" -> r.zip3 = text(p, v);
          case "ageBand" -> r.ageBand = text(p, v);
          case "sex" -> r.sex = text(p, v);
          case "personKey" -> r.personKey = text(p, v);
          case "collectedToReceivedMinutes" -> r.collectedToReceivedMinutes = number(p, v);
          case "resultedToReceivedMinutes" -> r.resultedToReceivedMinutes = number(p, v);
          case "createdToReceivedMinutes" -> r.createdToReceivedMinutes = number(p, v);
          case "resultBeforeCollection" -> r.resultBeforeCollection = flag(v);
          case "resultKey" -> r.resultKey = text(p, v);
          case "resultStatus" -> r.resultStatus = text(p, v);
          case "doseNumber" -> intOrNull(p, v);
          case "policy", "testCode", "collectedSource", "resultedSource" -> text(p, v);
          default -> p.skipChildren();
        }
      }
    }
    // The event record's own rules (its compact constructor).
    if (!DeidentifiedEvent.SCHEMA.equals(schema)
        || r.eventId == null
        || r.senderId == null
        || r.personKey == null
        || eventDay == Long.MIN_VALUE
        || receivedDay == Long.MIN_VALUE) {
      return null;
    }
    if (DeidentifiedEvent.LAB_RESULT.equals(kind)) {
      r.labResult = true;
    } else if (DeidentifiedEvent.LAB_RESULT_RETRACTION.equals(kind) && r.resultKey != null) {
      r.retraction = true;
    } else if (DeidentifiedEvent.IMMUNIZATION_RETRACTION.equals(kind)) {
      r.doseDeletion = true;
    } else if (!DeidentifiedEvent.IMMUNIZATION.equals(kind)) {
      return null;
    }
    r.eventDay = eventDay;
    r.receivedDay = receivedDay;
    r.positive = "positive".equals(interpretation);
    r.condition = Dimensions.orEmpty(r.condition);
    r.vaccineGroup = Dimensions.orEmpty(r.vaccineGroup);
    r.vaccineCode = Dimensions.orEmpty(r.vaccineCode);
    r.stateFips = Dimensions.orEmpty(r.stateFips);
    r.countyFips = Dimensions.orEmpty(r.countyFips);
    r.zip3 = Dimensions.orEmpty(r.zip3);
    r.ageBand = Dimensions.orEmpty(r.ageBand);
    r.sex = Dimensions.orEmpty(r.sex);
    r.resultKey = Dimensions.orEmpty(r.resultKey);
    r.resultStatus = Dimensions.orEmpty(r.resultStatus);
    return r;
  }

  private static String text(JsonParser p, JsonToken v) throws IOException, NotFastPath {
    if (v == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    throw NOT_FAST_PATH;
  }

  private static Long number(JsonParser p, JsonToken v) throws IOException, NotFastPath {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return p.getLongValue();
    }
    throw NOT_FAST_PATH;
  }

  private static void intOrNull(JsonParser p, JsonToken v) throws IOException, NotFastPath {
    if (v != JsonToken.VALUE_NULL
        && (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT)) {
      throw NOT_FAST_PATH;
    }
  }

  private static boolean flag(JsonToken v) throws NotFastPath {
    return switch (v) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE, VALUE_NULL -> false;
      default -> throw NOT_FAST_PATH;
    };
  }

  /** A {@code yyyy-MM-dd} string as an epoch day; other forms leave the fast path. */
  private static long day(JsonParser p, JsonToken v) throws IOException, NotFastPath {
    if (v != JsonToken.VALUE_STRING || p.getTextLength() != 10) {
      throw NOT_FAST_PATH;
    }
    char[] c = p.getTextCharacters();
    int o = p.getTextOffset();
    if (c[o + 4] != '-' || c[o + 7] != '-') {
      throw NOT_FAST_PATH;
    }
    // LocalDate.of validates the day of month (a DateTimeException leaves the fast path).
    return LocalDate.of(digits(c, o, 4), digits(c, o + 5, 2), digits(c, o + 8, 2)).toEpochDay();
  }

  private static int digits(char[] c, int from, int n) throws NotFastPath {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      int d = c[i] - '0';
      if (d < 0 || d > 9) {
        throw NOT_FAST_PATH;
      }
      v = v * 10 + d;
    }
    return v;
  }
}
