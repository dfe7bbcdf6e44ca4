package io.vigil.ingest.validation;

import java.util.Set;

/**
 * Birth dates that registration systems write when the real one is unknown: 1900-01-01 and its
 * relatives, and any date in or before 1900 (nobody alive was born then; the same "unknown" sent to
 * the year or month, {@code 1900} or {@code 190001}, too). They parse as dates, so without this
 * they made a 126-year-old in the 90+ age band, and every "unknown"-dated patient of a common name
 * one person. Such a date is read as unknown.
 */
public final class PlaceholderBirthDates {
  private static final Set<String> DAYS =
      Set.of("18000101", "18500101", "18991231", "19000101", "19010101");

  private PlaceholderBirthDates() {}

  /**
   * Whether the HL7 TS/DTM {@code value} (to the year, month or day; time and offset ignored) is
   * such a placeholder.
   */
  public static boolean is(String value) {
    String v = value == null ? "" : value.strip();
    if (v.length() >= 8 && DAYS.contains(v.substring(0, 8))) {
      return true;
    }
    if (v.length() < 4 || !v.chars().limit(4).allMatch(Character::isDigit)) {
      return false;
    }
    int year = Integer.parseInt(v.substring(0, 4));
    return year >= 1000 && year <= 1900; // 0000 is no date at all (PID7_INVALID)
  }

  /** Whether the ISO date {@code value} ({@code 1900-01-01}, {@code 1900}; FHIR) is one. */
  public static boolean isIso(String value) {
    String v = value == null ? "" : value.strip();
    return (v.length() == 4 || v.length() == 7 || v.length() == 10) && is(v.replace("-", ""));
  }
}
