package io.vigil.ingest.deid;

import io.vigil.ingest.canonical.BirthDate;
import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

/**
 * Age bands at the event date. Safe Harbor: every age over 89 is one band, {@code 90+}; a birth
 * date after the event or missing gives {@code unknown}. A birth date given only to the month or
 * year still has a band when every day it may stand for gives the same one (a patient born in 1980
 * is 18-49 in 2026 whatever the day), and {@code unknown} when it straddles a boundary.
 */
public final class AgeBands {
  public static final String UNKNOWN = "unknown";

  private AgeBands() {}

  /** The band of the age in whole years on {@code eventDate}. */
  public static String at(Optional<BirthDate> birthDate, LocalDate eventDate) {
    if (birthDate.isEmpty()) {
      return UNKNOWN;
    }
    BirthDate born = birthDate.get().asOf(eventDate);
    if (born.earliest().isAfter(eventDate)) {
      return UNKNOWN;
    }
    String oldestBand = band(Period.between(born.earliest(), eventDate).getYears());
    // When the event falls in the birth year or month, the latest day may follow it: that span is
    // under a year (0 whole years), the youngest the patient can be.
    return oldestBand.equals(band(Period.between(born.latest(), eventDate).getYears()))
        ? oldestBand
        : UNKNOWN;
  }

  private static String band(int years) {
    if (years > 130) {
      return UNKNOWN; // a typo, not a person
    }
    if (years <= 4) {
      return "0-4";
    }
    if (years <= 17) {
      return "5-17";
    }
    if (years <= 49) {
      return "18-49";
    }
    if (years <= 64) {
      return "50-64";
    }
    return years <= 89 ? "65-89" : "90+";
  }
}
