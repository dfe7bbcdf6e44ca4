package io.vigil.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class MmwrWeekTest {
  @Test
  void edgeYearsFollowTheCdcCalendar() {
    // 2014-12-28..2015-01-03 is week 53 of 2014 (Jan 1 2015 is a Thursday: 3 days in 2015).
    assertThat(MmwrWeek.of(LocalDate.of(2015, 1, 3)))
        .isEqualTo(new MmwrWeek(2014, 53, LocalDate.of(2014, 12, 28)));
    assertThat(MmwrWeek.of(LocalDate.of(2015, 1, 4)).week()).isEqualTo(1);
    // 2020 starts on a Wednesday: Dec 29 2019 .. Jan 4 2020 is week 1 of 2020.
    assertThat(MmwrWeek.of(LocalDate.of(2019, 12, 31)))
        .isEqualTo(new MmwrWeek(2020, 1, LocalDate.of(2019, 12, 29)));
    // 2020 has 53 MMWR weeks; 2021 week 1 starts Sunday Jan 3 2021.
    assertThat(MmwrWeek.of(LocalDate.of(2021, 1, 2)))
        .isEqualTo(new MmwrWeek(2020, 53, LocalDate.of(2020, 12, 27)));
    assertThat(MmwrWeek.of(LocalDate.of(2021, 1, 3)))
        .isEqualTo(new MmwrWeek(2021, 1, LocalDate.of(2021, 1, 3)));
    // 2026: Jan 1 is a Thursday, so Dec 28 2025 .. Jan 3 2026 is week 53 of 2025.
    assertThat(MmwrWeek.of(LocalDate.of(2026, 1, 1)))
        .isEqualTo(new MmwrWeek(2025, 53, LocalDate.of(2025, 12, 28)));
    assertThat(MmwrWeek.of(LocalDate.of(2026, 11, 22)))
        .isEqualTo(new MmwrWeek(2026, 47, LocalDate.of(2026, 11, 22)));
  }

  @Test
  void everyDayOfTwentyYearsMatchesTheFourDayRule() {
    for (LocalDate d = LocalDate.of(2010, 1, 1);
        d.isBefore(LocalDate.of(2031, 1, 1));
        d = d.plusDays(1)) {
      MmwrWeek w = MmwrWeek.of(d);
      assertThat(w.start().getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
      assertThat(d).isBetween(w.start(), w.end());
      int daysInYear = 0;
      for (int i = 0; i < 7; i++) {
        if (w.start().plusDays(i).getYear() == w.year()) {
          daysInYear++;
        }
      }
      assertThat(daysInYear).isGreaterThanOrEqualTo(4);
      if (w.week() == 1) {
        assertThat(MmwrWeek.of(w.start().minusDays(1)).year()).isEqualTo(w.year() - 1);
      } else {
        assertThat(MmwrWeek.of(w.start().minusDays(1)).week()).isEqualTo(w.week() - 1);
      }
    }
  }
}
