package io.vigil.analytics.mmwr;

import java.time.LocalDate;

/**
 * An MMWR (epidemiological) week: Sunday to Saturday; week 1 of an MMWR year is the first such week
 * with at least four days in the calendar year (CDC, "MMWR Week Fact Sheet"). Not ISO 8601 weeks,
 * which start on Monday. An MMWR year has 52 or 53 weeks, and its first days can fall in the
 * previous calendar year (e.g. 2019-12-29 is in MMWR week 1 of 2020).
 *
 * @param year the MMWR year
 * @param week 1 to 53
 * @param start the Sunday that starts the week
 */
public record MmwrWeek(int year, int week, LocalDate start) {

  /** The MMWR week that contains {@code day}. */
  public static MmwrWeek of(LocalDate day) {
    LocalDate sunday = day.minusDays(day.getDayOfWeek().getValue() % 7);
    // A week with >= 4 days in a year is exactly one whose Wednesday falls in that year.
    LocalDate wednesday = sunday.plusDays(3);
    int week = (wednesday.getDayOfYear() - 1) / 7 + 1;
    return new MmwrWeek(wednesday.getYear(), week, sunday);
  }

  /** The Sunday starting the week that contains {@code day}. */
  public static LocalDate startOf(LocalDate day) {
    return day.minusDays(day.getDayOfWeek().getValue() % 7);
  }

  /** The Saturday that ends the week. */
  public LocalDate end() {
    return start.plusDays(6);
  }
}
