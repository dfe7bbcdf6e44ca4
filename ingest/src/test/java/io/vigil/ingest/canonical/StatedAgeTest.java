package io.vigil.ingest.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.deid.AgeBands;
import io.vigil.ingest.hl7v2.TestMessages;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Over-the-counter and self-test apps send the age as an ask-at-order-entry answer and no birth
 * date: the age band comes from it, where every such result was counted with age unknown.
 */
class StatedAgeTest {
  private static final LocalDate COLLECTED = LocalDate.of(2026, 11, 19);

  /** The golden ORU without PID-7, with an age answer after its result. */
  private static String withStatedAge(String value, String unit) {
    String oru = TestMessages.set(TestMessages.oru(), "PID", 1, 7, "");
    int at = oru.indexOf("\rSPM|");
    return oru.substring(0, at)
        + "\rOBX|2|"
        + (value.contains("^") ? "SN" : "NM")
        + "|35659-2^Age at specimen collection^LN||"
        + value
        + "|"
        + unit
        + "|||||F"
        + oru.substring(at);
  }

  @ParameterizedTest
  @ValueSource(strings = {"39", "^39", "=^39"})
  void readsTheAgeBandFromAStatedAge(String value) {
    Patient p =
        Hl7v2ReportMapperTest.reportOf(withStatedAge(value, "a^year^UCUM"))
            .patients()
            .get(0)
            .patient();
    assertThat(p.birthDate())
        .contains(new BirthDate(LocalDate.of(1986, 11, 20), LocalDate.of(1987, 11, 19), COLLECTED));
    assertThat(AgeBands.at(p.birthDate(), COLLECTED)).isEqualTo("18-49");
    // A span, never a day: the person key does not use it.
    assertThat(p.birthDate().flatMap(BirthDate::exactDay)).isEmpty();
  }

  @Test
  void aBirthDateSentWinsAndAnUnknownUnitStatesNothing() {
    String withBirth =
        TestMessages.set(withStatedAge("39", "a^year^UCUM"), "PID", 1, 7, "19850315");
    assertThat(Hl7v2ReportMapperTest.reportOf(withBirth).patients().get(0).patient().birthDate())
        .contains(BirthDate.day(LocalDate.of(1985, 3, 15)));
    assertThat(
            Hl7v2ReportMapperTest.reportOf(withStatedAge("39", "kg^kilogram^UCUM"))
                .patients()
                .get(0)
                .patient()
                .birthDate())
        .isEmpty();
  }

  @Test
  void readsMonthsWeeksAndDays() {
    assertThat(StatedAge.span(6, "mo", COLLECTED))
        .contains(new BirthDate(LocalDate.of(2026, 4, 20), LocalDate.of(2026, 5, 19), COLLECTED));
    // An age in days spans two days (the hours it was counted in): never a birth day.
    assertThat(StatedAge.span(3, "d", COLLECTED))
        .contains(new BirthDate(LocalDate.of(2026, 11, 15), LocalDate.of(2026, 11, 16), COLLECTED));
    assertThat(StatedAge.span(3, "d", COLLECTED).orElseThrow().exactDay()).isEmpty();
    assertThat(StatedAge.span(2, "wk", COLLECTED)).isPresent();
    assertThat(StatedAge.span(2, "h", COLLECTED)).isEqualTo(Optional.empty());
  }

  /** The spellings senders use for a unit, in either triplet; a comparator; a decimal. */
  @Test
  void readsTheUnitsAndFormsSendersUse() {
    for (String units : new String[] {"yrs^years^L", "ANN^Years^ISO+", "YRS^Years^L^a^year^UCUM"}) {
      assertThat(birth(withStatedAge("39", units))).as(units).isPresent();
    }
    assertThat(birth(withStatedAge("39.5", "a^year^UCUM")))
        .isEqualTo(birth(withStatedAge("39", "a^year^UCUM")));
    // ">89" is 90 or older: 90+, whichever day in the span.
    BirthDate over = birth(withStatedAge(">^89", "a^year^UCUM")).orElseThrow();
    assertThat(over.latest()).isBefore(COLLECTED.minusYears(90).plusDays(1));
    assertThat(StatedAge.olderThan(90, "mo", COLLECTED)).isEmpty();
  }

  /**
   * A collection written in UTC is dated in the hub's zone, which can be the day before: the age
   * stated holds on that day, so a stated 18 is 18-49 and a stated 5 is 5-17 either way (they read
   * unknown, their span straddling a birthday that fell between the two days).
   */
  @Test
  void aStatedAgeHoldsOnTheDayNextToTheOneItWasTakenOn() {
    for (int years : new int[] {5, 18, 50, 65}) {
      Optional<BirthDate> span = StatedAge.span(years, "a", COLLECTED);
      String band = AgeBands.at(span, COLLECTED);
      assertThat(AgeBands.at(span, COLLECTED.minusDays(1)))
          .as("%d the day before", years)
          .isEqualTo(band);
      assertThat(AgeBands.at(span, COLLECTED.plusDays(1)))
          .as("%d the day after", years)
          .isEqualTo(band);
    }
    // Further off, the stated age is no longer the age: a year later, 18 is 19.
    BirthDate eighteen = StatedAge.span(18, "a", COLLECTED).orElseThrow();
    assertThat(eighteen.asOf(COLLECTED.plusDays(2))).isEqualTo(eighteen);
    assertThat(AgeBands.at(Optional.of(eighteen), COLLECTED.minusYears(1))).isEqualTo("5-17");
  }

  private static Optional<BirthDate> birth(String message) {
    return Hl7v2ReportMapperTest.reportOf(message).patients().get(0).patient().birthDate();
  }
}
