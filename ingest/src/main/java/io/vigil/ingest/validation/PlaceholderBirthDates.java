package io.vigil.ingest.validation;

import java.util.Set;

/**
 * Birth dates that registration systems write when the real one is unknown: 1900-01-01 and its
 * relatives. They parse as dates, so without this they made a 126-year-old in the 90+ age band, and
 * every "unknown"-dated patient of a common name one person. Such a date is read as unknown.
 */
public final class PlaceholderBirthDates {
  private static final Set<String> DAYS =
      Set.of("18000101", "18500101", "18991231", "19000101", "19010101");

  private PlaceholderBirthDates() {}

  /** Whether the HL7 TS/DTM {@code value} (time and offset ignored) is such a placeholder. */
  public static boolean is(String value) {
    String v = value == null ? "" : value.strip();
    return v.length() >= 8 && DAYS.contains(v.substring(0, 8));
  }

  /** Whether the ISO date {@code value} ({@code 1900-01-01}, FHIR) is such a placeholder. */
  public static boolean isIso(String value) {
    String v = value == null ? "" : value.strip();
    return v.length() == 10 && is(v.replace("-", ""));
  }
}
