package io.vigil.ingest.validation;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HL7 v2.5.1 TS/DTM values: {@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}. A value is
 * valid when every present part is in range; it is in the future when even its earliest possible
 * instant is later than now plus {@link #CLOCK_SKEW}. A value without an offset is read at the
 * earliest offset on Earth (+14:00), so a sender's local time is never mistaken for the future.
 */
public final class Hl7Dates {

  /** Tolerated difference between the sender's clock and the hub's. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(15);

  private static final Pattern DTM =
      Pattern.compile(
          "(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\.\\d{1,4})?([+-])?(\\d{4})?");
  private static final ZoneOffset EARLIEST_OFFSET = ZoneOffset.ofHours(14);
  private static final int MIN_YEAR = 1800;

  /** The outcome of checking one date/time value. */
  public enum Status {
    /** A well-formed date/time not in the future. */
    VALID,
    /** No value. */
    EMPTY,
    /** Not a TS/DTM, or a part out of range. */
    INVALID,
    /** Well formed but later than now plus the clock skew. */
    FUTURE
  }

  private Hl7Dates() {}

  /** Checks {@code value} against the format and against {@code now}. */
  public static Status check(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Status.EMPTY;
    }
    Optional<Instant> earliest = earliestInstant(value);
    if (earliest.isEmpty()) {
      return Status.INVALID;
    }
    return earliest.get().isAfter(now.plus(CLOCK_SKEW)) ? Status.FUTURE : Status.VALID;
  }

  /** The first instant the value can denote, or empty when it is not a valid TS/DTM. */
  public static Optional<Instant> earliestInstant(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = DTM.matcher(value.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    boolean hasSeconds = m.group(6) != null;
    boolean hasSign = m.group(8) != null;
    boolean hasOffset = m.group(9) != null;
    if ((m.group(7) != null && !hasSeconds) || hasSign != hasOffset) {
      return Optional.empty();
    }
    try {
      int year = Integer.parseInt(m.group(1));
      if (year < MIN_YEAR) {
        return Optional.empty();
      }
      LocalDateTime local =
          LocalDateTime.of(
              year,
              part(m.group(2), 1),
              part(m.group(3), 1),
              part(m.group(4), 0),
              part(m.group(5), 0),
              part(m.group(6), 0));
      ZoneOffset offset = hasOffset ? offset(m.group(8), m.group(9)) : EARLIEST_OFFSET;
      return Optional.of(local.toInstant(offset));
    } catch (DateTimeException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int part(String digits, int absent) {
    return digits == null ? absent : Integer.parseInt(digits);
  }

  private static ZoneOffset offset(String sign, String hhmm) {
    int hours = Integer.parseInt(hhmm.substring(0, 2));
    int minutes = Integer.parseInt(hhmm.substring(2));
    if (minutes > 59) {
      throw new DateTimeException("offset minutes");
    }
    int s = sign.equals("-") ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(s * hours, s * minutes);
  }
}
