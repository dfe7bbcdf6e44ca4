package io.vigil.ingest.deid;

import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

/**
 * Age bands at the event date. Safe Harbor: every age over 89 is one band, {@code 90+}; a birth
 * date after the event or missing gives {@code unknown}.
 */
public final class AgeBands {
  public static final String UNKNOWN = "unknown";

  private AgeBands() {}

  /** The band of the age in whole years on {@code eventDate}. */
  public static String at(Optional<LocalDate> birthDate, LocalDate eventDate) {
    if (birthDate.isEmpty() || birthDate.get().isAfter(eventDate)) {
      return UNKNOWN;
    }
    int years = Period.between(birthDate.get(), eventDate).getYears();
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
