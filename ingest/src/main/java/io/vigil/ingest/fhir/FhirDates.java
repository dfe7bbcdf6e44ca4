package io.vigil.ingest.fhir;

import io.vigil.ingest.validation.Hl7Dates;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * FHIR {@code date}, {@code dateTime} and {@code instant} values read with the same rules as HL7 v2
 * TS/DTM ({@link Hl7Dates}): a value without a time zone is read at +14:00, its earliest possible
 * instant, and "future" allows the same clock skew. The value is rewritten to its HL7 form ({@code
 * 2026-11-20T10:15:00-05:00} becomes {@code 20261120101500-0500}), so both formats yield identical
 * instants for the same report. Fractions of a second beyond four digits are dropped, as HL7 allows
 * no more.
 */
public final class FhirDates {
  private FhirDates() {}

  /** The check of {@link Hl7Dates#check} applied to a FHIR date/time string. */
  public static Hl7Dates.Status check(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Hl7Dates.Status.EMPTY;
    }
    String hl7 = toHl7(value);
    return hl7 == null ? Hl7Dates.Status.INVALID : Hl7Dates.check(hl7, now);
  }

  /** The earliest instant a FHIR date/time can denote, or empty when it is not one. */
  public static Optional<Instant> earliestInstant(String value) {
    String hl7 = value == null ? null : toHl7(value);
    return hl7 == null ? Optional.empty() : Hl7Dates.earliestInstant(hl7);
  }

  /** {@link Hl7Dates#writtenDay}: the day of a {@code date}, or of a dateTime without a time. */
  public static Optional<LocalDate> writtenDay(String value) {
    String hl7 = value == null ? null : toHl7(value);
    return hl7 == null ? Optional.empty() : Hl7Dates.writtenDay(hl7);
  }

  /** {@link #writtenDay(String)} of a value already read as its earliest instant. */
  static Optional<LocalDate> writtenDay(String value, Instant earliest) {
    String hl7 = toHl7(value);
    return hl7 == null ? Optional.empty() : Hl7Dates.writtenDay(hl7, earliest);
  }

  /** {@link Hl7Dates#toTheDay}: a FHIR date/time that names a day. */
  public static boolean toTheDay(String value) {
    String hl7 = value == null ? null : toHl7(value);
    return hl7 != null && Hl7Dates.toTheDay(hl7);
  }

  /**
   * {@code YYYY[-MM[-DD[Thh:mm[:ss[.f+]](Z|(+|-)hh:mm)]]]} as HL7 {@code
   * YYYY[MM[DD[HHMM[SS[.SSSS]]]]][+/-ZZZZ]}; null when the value does not have that shape.
   */
  static String toHl7(String value) {
    String v = value.trim();
    StringBuilder out = new StringBuilder(24);
    int i = digits(v, 0, 4, out);
    if (i < 0) {
      return null;
    }
    for (int part = 0; part < 2 && i < v.length() && v.charAt(i) == '-'; part++) {
      i = digits(v, i + 1, 2, out);
      if (i < 0) {
        return null;
      }
    }
    if (i == v.length()) {
      return out.toString();
    }
    if (v.charAt(i) != 'T' || out.length() != 8) {
      return null;
    }
    i = digits(v, i + 1, 2, out);
    if (i < 0 || i >= v.length() || v.charAt(i) != ':') {
      return null;
    }
    i = digits(v, i + 1, 2, out);
    if (i >= 0 && i < v.length() && v.charAt(i) == ':') {
      i = digits(v, i + 1, 2, out);
      if (i >= 0 && out.charAt(out.length() - 2) == '6' && out.charAt(out.length() - 1) == '0') {
        // A leap second, which FHIR's dateTime and instant allow (:60): its day and minute are
        // what matter here, and java.time has no second 60.
        out.setCharAt(out.length() - 2, '5');
        out.setCharAt(out.length() - 1, '9');
      }
      if (i >= 0 && i < v.length() && v.charAt(i) == '.') {
        int start = ++i;
        while (i < v.length() && Character.isDigit(v.charAt(i)) && v.charAt(i) < 128) {
          i++;
        }
        if (i == start) {
          return null;
        }
        out.append('.').append(v, start, Math.min(i, start + 4));
      }
    }
    if (i < 0 || i >= v.length()) {
      return null; // FHIR requires a zone whenever a time is given
    }
    char sign = v.charAt(i);
    if (sign == 'Z' && i == v.length() - 1) {
      return out.append("+0000").toString();
    }
    if ((sign != '+' && sign != '-') || v.length() - i != 6 || v.charAt(i + 3) != ':') {
      return null;
    }
    out.append(sign);
    return digits(v, i + 1, 2, out) < 0 || digits(v, i + 4, 2, out) < 0 ? null : out.toString();
  }

  /** Appends {@code count} ASCII digits at {@code from}; the index after them, or -1. */
  private static int digits(String s, int from, int count, StringBuilder out) {
    if (from < 0 || from + count > s.length()) {
      return -1;
    }
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    out.append(s, from, from + count);
    return from + count;
  }
}
