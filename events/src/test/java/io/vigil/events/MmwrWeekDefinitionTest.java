package io.vigil.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MmwrWeekDefinitionTest {

  /**
   * Year boundaries from the CDC MMWR week definition (week 1 = first Sunday–Saturday week with at
   * least four days in the year): 2014 and 2020 and 2025 have 53 weeks; 2015 and 2016 start late.
   */
  @ParameterizedTest
  @CsvSource({
    "2013-12-29, 2014, 1, 2013-12-29", // 2014-01-01 is a Wednesday: week 1 starts in 2013
    "2014-12-28, 2014, 53, 2014-12-28",
    "2015-01-03, 2014, 53, 2014-12-28", // Saturday still in 2014's week 53
    "2015-01-04, 2015, 1, 2015-01-04",
    "2016-01-02, 2015, 52, 2015-12-27", // 2016-01-01 is a Friday: only 2 days in 2016
    "2016-01-03, 2016, 1, 2016-01-03",
    "2019-12-29, 2020, 1, 2019-12-29",
    "2020-12-31, 2020, 53, 2020-12-27",
    "2021-01-02, 2020, 53, 2020-12-27",
    "2021-01-03, 2021, 1, 2021-01-03",
    "2025-12-28, 2025, 53, 2025-12-28",
    "2026-01-01, 2025, 53, 2025-12-28", // a Thursday: not ISO week 1 of 2026, and not week 1
    "2026-01-04, 2026, 1, 2026-01-04",
    "2026-11-22, 2026, 47, 2026-11-22",
    "2027-01-01, 2026, 52, 2026-12-27",
    "2027-01-03, 2027, 1, 2027-01-03",
  })
  void followsTheCdcDefinitionAtYearBoundaries(LocalDate day, int year, int week, LocalDate start) {
    assertThat(MmwrWeek.of(day)).isEqualTo(new MmwrWeek(year, week, start));
    assertThat(MmwrWeek.startOf(day)).isEqualTo(start);
  }

  @Test
  void agreesWithABruteForceReadingOfTheDefinitionForFiftyYears() {
    for (LocalDate d = LocalDate.of(1995, 1, 1); d.getYear() < 2045; d = d.plusDays(1)) {
      int year = d.getYear() + 1;
      while (weekOneStart(year).isAfter(d)) {
        year--;
      }
      int week = (int) ((d.toEpochDay() - weekOneStart(year).toEpochDay()) / 7) + 1;
      MmwrWeek w = MmwrWeek.of(d);
      assertThat(w.year()).as("year of %s", d).isEqualTo(year);
      assertThat(w.week()).as("week of %s", d).isEqualTo(week);
      assertThat(w.start().getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
      assertThat(w.end()).isEqualTo(w.start().plusDays(6));
    }
  }

  /** The first Sunday whose Sunday–Saturday week has at least four days in {@code year}. */
  private static LocalDate weekOneStart(int year) {
    for (LocalDate s = LocalDate.of(year - 1, 12, 20); ; s = s.plusDays(1)) {
      if (s.getDayOfWeek() != DayOfWeek.SUNDAY) {
        continue;
      }
      int inYear = 0;
      for (int i = 0; i < 7; i++) {
        inYear += s.plusDays(i).getYear() == year ? 1 : 0;
      }
      if (inYear >= 4) {
        return s;
      }
    }
  }
}
