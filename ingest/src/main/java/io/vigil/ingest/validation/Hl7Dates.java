package io.vigil.ingest.validation;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * HL7 v2.5.1 TS/DTM values: {@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}. A value is
 * valid when every present part is in range; it is in the future when even its earliest possible
 * instant is later than now plus {@link #CLOCK_SKEW}. A value without an offset is read at the
 * earliest offset on Earth (+14:00), so a sender's local time is never mistaken for the future.
 */
public final class Hl7Dates {

  /** Tolerated difference between the sender's clock and the hub's. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(15);

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
    // A hand-written scan of YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ] (ASCII digits only):
    // it accepts exactly what the regular expression this class used to match and then check.
    String v = value.trim();
    int n = v.length();
    int digits = digitsFrom(v, 0);
    if (digits < 4 || digits > 14 || digits % 2 != 0) {
      return Optional.empty();
    }
    int i = digits;
    if (i < n && v.charAt(i) == '.') {
      int fraction = digitsFrom(v, i + 1);
      if (digits != 14 || fraction < 1 || fraction > 4) {
        return Optional.empty();
      }
      i += 1 + fraction;
    }
    ZoneOffset offset = EARLIEST_OFFSET;
    try {
      if (i < n) {
        char sign = v.charAt(i);
        if ((sign != '+' && sign != '-') || n - i - 1 != 4 || digitsFrom(v, i + 1) != 4) {
          return Optional.empty();
        }
        offset = offset(sign, v.substring(i + 1));
      }
      int year = number(v, 0, 4);
      if (year < MIN_YEAR) {
        return Optional.empty();
      }
      LocalDateTime local =
          LocalDateTime.of(
              year,
              part(v, digits, 4, 1),
              part(v, digits, 6, 1),
              part(v, digits, 8, 0),
              part(v, digits, 10, 0),
              part(v, digits, 12, 0));
      return Optional.of(local.toInstant(offset));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The calendar day a value names as written, which is the day where it happened: {@code 20250310}
   * and {@code 20250310231500} are 10 March wherever the sender is ({@code 202503} is 1 March), and
   * so is {@code 20250310231500-0500}, the sender's local time with its offset (seen from UTC it is
   * already the 11th; a date exported as local midnight with its offset, {@code
   * 20250310000000-0500}, is the 9th west of the sender). Empty for an invalid value and for one in
   * UTC ({@code +0000}, FHIR's {@code Z}): systems write instants so, and the day they fall on is
   * the hub's zone's.
   */
  public static Optional<LocalDate> writtenDay(String value) {
    return earliestInstant(value).flatMap(earliest -> writtenDay(value, earliest));
  }

  /**
   * {@link #writtenDay(String)} of a value already read as its {@link #earliestInstant}, {@code
   * earliest}: the mappers read every timestamp once.
   */
  public static Optional<LocalDate> writtenDay(String value, Instant earliest) {
    String v = value.trim();
    int sign = Math.max(v.indexOf('+'), v.indexOf('-'));
    if (sign < 0) {
      return Optional.of(earliest.atOffset(EARLIEST_OFFSET).toLocalDate());
    }
    ZoneOffset offset = offset(v.charAt(sign), v.substring(sign + 1));
    return offset.getTotalSeconds() == 0
        ? Optional.empty()
        : Optional.of(earliest.atOffset(offset).toLocalDate());
  }

  /** Whether {@code value} is a valid TS/DTM that names a day ({@code YYYYMMDD} or more). */
  public static boolean toTheDay(String value) {
    return earliestInstant(value).isPresent() && digitsFrom(value.trim(), 0) >= 8;
  }

  /**
   * Whether the calendar date of {@code earlier} is certainly before that of {@code later}: both
   * must be valid TS/DTM values; their dates are compared as written (time of day and offset left
   * out) and only to the precision both have, so {@code 2025} is before {@code 20260101} but {@code
   * 20260115} is not before {@code 2026} or {@code 202601} (the month or year may hold it).
   */
  static boolean dateCertainlyBefore(String earlier, String later) {
    if (earliestInstant(earlier).isEmpty() || earliestInstant(later).isEmpty()) {
      return false;
    }
    String a = earlier.trim();
    String b = later.trim();
    int precision = Math.min(Math.min(digitsFrom(a, 0), digitsFrom(b, 0)), 8);
    return a.substring(0, precision).compareTo(b.substring(0, precision)) < 0;
  }

  /** Number of ASCII digits in {@code s} from {@code from} on. */
  private static int digitsFrom(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }

  /** The value of the ASCII digits {@code s[from, to)}. */
  private static int number(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n = n * 10 + (s.charAt(i) - '0');
    }
    return n;
  }

  /** The two-digit part at {@code at}, or {@code absent} when the digits end before it. */
  private static int part(String s, int digits, int at, int absent) {
    return digits >= at + 2 ? number(s, at, at + 2) : absent;
  }

  private static ZoneOffset offset(char sign, String hhmm) {
    int hours = number(hhmm, 0, 2);
    int minutes = number(hhmm, 2, 4);
    if (minutes > 59) {
      throw new DateTimeException("offset minutes");
    }
    int s = sign == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(s * hours, s * minutes);
  }
}
