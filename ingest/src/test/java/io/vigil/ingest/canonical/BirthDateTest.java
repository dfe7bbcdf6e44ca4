package io.vigil.ingest.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class BirthDateTest {

  @Test
  void readsAnHl7DateToTheDayMonthOrYear() {
    assertThat(BirthDate.ofHl7("19850315")).contains(BirthDate.day(LocalDate.of(1985, 3, 15)));
    assertThat(BirthDate.ofHl7("198503151230-0500"))
        .contains(BirthDate.day(LocalDate.of(1985, 3, 15)));
    assertThat(BirthDate.ofHl7("198503")).contains(BirthDate.month(YearMonth.of(1985, 3)));
    assertThat(BirthDate.ofHl7("1985")).contains(BirthDate.year(1985));
    assertThat(BirthDate.ofHl7(" 1985 ")).contains(BirthDate.year(1985));
    assertThat(BirthDate.ofHl7("1985-0500")).contains(BirthDate.year(1985));
  }

  @Test
  void aMonthOrYearIsTheSpanOfItsDays() {
    assertThat(BirthDate.month(YearMonth.of(2024, 2)))
        .isEqualTo(new BirthDate(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29)));
    assertThat(BirthDate.year(1985))
        .isEqualTo(new BirthDate(LocalDate.of(1985, 1, 1), LocalDate.of(1985, 12, 31)));
    assertThat(BirthDate.year(1985).exactDay()).isEmpty();
    assertThat(BirthDate.day(LocalDate.of(1985, 3, 15)).exactDay())
        .contains(LocalDate.of(1985, 3, 15));
  }

  @Test
  void aDateThatIsNotOneIsNoBirthDate() {
    assertThat(BirthDate.ofHl7("")).isEmpty();
    assertThat(BirthDate.ofHl7(null)).isEmpty();
    assertThat(BirthDate.ofHl7("198")).isEmpty();
    assertThat(BirthDate.ofHl7("19850")).isEmpty();
    assertThat(BirthDate.ofHl7("1985031")).isEmpty();
    // An impossible day is not read as its month: the sender meant a day and it is wrong.
    assertThat(BirthDate.ofHl7("19850230")).isEmpty();
    assertThat(BirthDate.ofHl7("198513")).isEmpty();
    assertThat(BirthDate.ofHl7("UNKN")).isEmpty();
  }
}
