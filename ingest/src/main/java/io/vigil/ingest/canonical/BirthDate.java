package io.vigil.ingest.canonical;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;

/**
 * A birth date as precise as the sender gave it: the day, or only the month or year (HL7 DTM and
 * FHIR {@code date} both allow {@code YYYY} and {@code YYYYMM}; senders use them when the day is
 * not known or is withheld). It is the span of days the patient may have been born on.
 *
 * <p>A span can also come from an age stated for a day (an ask-at-order-entry answer instead of a
 * birth date): then {@code statedOn} is that day.
 *
 * @param earliest the first day the patient may have been born
 * @param latest the last day the patient may have been born (equal to {@code earliest} for a day)
 * @param statedOn the day a stated age this span comes from was given for, else {@code null}
 */
public record BirthDate(LocalDate earliest, LocalDate latest, LocalDate statedOn) {

  public BirthDate {
    if (latest.isBefore(earliest)) {
      throw new IllegalArgumentException("latest before earliest");
    }
  }

  /** Born some day from {@code earliest} to {@code latest}. */
  public BirthDate(LocalDate earliest, LocalDate latest) {
    this(earliest, latest, null);
  }

  /**
   * The span to take an age on {@code day} from. A stated age was taken on the collection's day as
   * written, or in UTC; the hub dates the event in its own zone, which can be the day before or
   * after: the stated age is what holds on the event's day, so its span moves with it. Any other
   * span is the span.
   */
  public BirthDate asOf(LocalDate day) {
    if (statedOn == null || statedOn.equals(day)) {
      return this;
    }
    long shift = java.time.temporal.ChronoUnit.DAYS.between(statedOn, day);
    return Math.abs(shift) > 1
        ? this
        : new BirthDate(earliest.plusDays(shift), latest.plusDays(shift), day);
  }

  /** Born on {@code day}. */
  public static BirthDate day(LocalDate day) {
    return new BirthDate(day, day);
  }

  /** Born some day of {@code month}. */
  public static BirthDate month(YearMonth month) {
    return new BirthDate(month.atDay(1), month.atEndOfMonth());
  }

  /** Born some day of {@code year}. */
  public static BirthDate year(int year) {
    return new BirthDate(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
  }

  /**
   * Reads the date part of an HL7 DTM ({@code YYYY[MM[DD[...]]]}); anything after the day (a time,
   * a zone) is ignored. Empty when there are not four digits of a year or a part is out of range.
   */
  public static Optional<BirthDate> ofHl7(String dtm) {
    String s = dtm == null ? "" : dtm.trim();
    try {
      if (s.length() >= 8 && digits(s, 8)) {
        return Optional.of(day(LocalDate.of(number(s, 0, 4), number(s, 4, 6), number(s, 6, 8))));
      }
      if (s.length() >= 6 && digits(s, 6) && (s.length() == 6 || !Character.isDigit(s.charAt(6)))) {
        return Optional.of(month(YearMonth.of(number(s, 0, 4), number(s, 4, 6))));
      }
      if (s.length() >= 4 && digits(s, 4) && (s.length() == 4 || !Character.isDigit(s.charAt(4)))) {
        return Optional.of(year(number(s, 0, 4)));
      }
    } catch (DateTimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The day of birth, when it is known to the day. */
  public Optional<LocalDate> exactDay() {
    return earliest.equals(latest) ? Optional.of(earliest) : Optional.empty();
  }

  private static boolean digits(String s, int n) {
    for (int i = 0; i < n; i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        return false;
      }
    }
    return true;
  }

  private static int number(String s, int from, int to) {
    return Integer.parseInt(s.substring(from, to));
  }
}
