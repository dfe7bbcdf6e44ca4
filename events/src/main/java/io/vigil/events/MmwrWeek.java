package io.vigil.events;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * An MMWR week: weeks run Sunday to Saturday, and week 1 of an MMWR year is the first week with at
 * least four days in that calendar year, i.e. the week containing January 4 (CDC, "MMWR Week Fact
 * Sheet"). Not an ISO week (those start on Monday). Shared by the producer and consumer sides so
 * both date a day into the same week.
 *
 * @param year the MMWR year (may differ from the calendar year of {@link #start()} near New Year)
 * @param week 1..53
 * @param start the Sunday the week starts on
 */
public record MmwrWeek(int year, int week, LocalDate start) {

  /** The MMWR week containing {@code day}. */
  public static MmwrWeek of(LocalDate day) {
    LocalDate start = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
    // The week belongs to the year that holds its Wednesday (≥ 4 of its days).
    int year = start.plusDays(3).getYear();
    long week = ChronoUnit.WEEKS.between(week1Start(year), start) + 1;
    return new MmwrWeek(year, (int) week, start);
  }

  /** The Sunday starting the week that contains {@code day}. */
  public static LocalDate startOf(LocalDate day) {
    return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
  }

  /** The Sunday starting week 1 of MMWR year {@code year}. */
  public static LocalDate week1Start(int year) {
    return LocalDate.of(year, 1, 4).with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
  }

  /** The Saturday ending the week. */
  public LocalDate end() {
    return start.plusDays(6);
  }

  @Override
  public String toString() {
    return String.format("%d-W%02d", year, week);
  }
}
