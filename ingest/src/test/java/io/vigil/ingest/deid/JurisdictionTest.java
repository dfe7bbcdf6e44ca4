package io.vigil.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.canonical.Address;
import io.vigil.ingest.canonical.BirthDate;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JurisdictionTest {
  static Jurisdiction of(String state, String zip, String county, String country) {
    return Jurisdiction.of(Optional.of(new Address("x", "y", state, zip, county, country)));
  }

  @Test
  void readsStatesByAbbreviationNameOrFips() {
    assertThat(of("ca", "", "", "").stateFips()).isEqualTo("06");
    assertThat(of("New York", "", "", "").stateFips()).isEqualTo("36");
    assertThat(of("6", "", "", "").stateFips()).isEqualTo("06");
    assertThat(of("XX", "", "", "").stateFips()).isNull();
    // Hand-typed forms: dots, doubled spaces, the USPS list's name of the Virgin Islands.
    assertThat(of("N.Y.", "", "", "").stateFips()).isEqualTo("36");
    assertThat(of(" d.c. ", "", "", "").stateFips()).isEqualTo("11");
    assertThat(of("New  York", "", "", "").stateFips()).isEqualTo("36");
    assertThat(of("U.S. Virgin Islands", "", "", "").stateFips()).isEqualTo("78");
    assertThat(of("Texsa", "", "", "").stateFips()).isNull();
  }

  @Test
  void aStateWrittenButNotReadIsTold() {
    assertThat(unread("TZ", "")).contains("TZ");
    assertThat(unread("AE", "USA")).as("a military post").contains("AE");
    assertThat(unread("FM", "")).as("a freely associated state").contains("FM");
    assertThat(unread("TX", "")).isEmpty();
    assertThat(unread("Tex.", "")).contains("Tex.");
    assertThat(unread("", "")).isEmpty();
    assertThat(unread("UNK", "")).as("written as unknown").isEmpty();
    assertThat(unread("asku", "")).isEmpty();
    assertThat(unread("JAL", "MEX")).as("another country's province").isEmpty();
    assertThat(unread("ON", "CAN")).isEmpty();
  }

  /**
   * A Canadian or Mexican address with the country left empty: its postal code is no ZIP (Tijuana's
   * 22000 read as Fairfax, Virginia's 220; regress7). With a US country it stays a typo.
   */
  @Test
  void aProvinceAbroadWithTheCountryUnsaidCountsNowhere() {
    assertThat(of("B.C.", "22000", "", "")).isEqualTo(Jurisdiction.UNKNOWN);
    assertThat(of("Baja California", "22000", "", "")).isEqualTo(Jurisdiction.UNKNOWN);
    assertThat(of("CHIH", "32000", "", "UNK")).isEqualTo(Jurisdiction.UNKNOWN);
    assertThat(of("ON", "M5V 2T6", "", "")).isEqualTo(Jurisdiction.UNKNOWN);
    assertThat(of("ON", "02139", "", "USA").zip3())
        .as("a typo beside a US country")
        .isEqualTo("021");
    assertThat(of("DM", "02139", "", "").zip3()).as("no province abroad").isEqualTo("021");
    assertThat(of("AE", "09096", "", "").zip3()).as("a military post").isEqualTo("090");
    assertThat(Jurisdiction.abroad(new Address("x", "y", "QC", "", "", ""))).isTrue();
    assertThat(Jurisdiction.abroad(new Address("x", "y", "TX", "", "", ""))).isFalse();
  }

  static Optional<String> unread(String state, String country) {
    return Jurisdiction.unreadState(new Address("x", "y", state, "", "", country));
  }

  @Test
  void countyCodesOfThreeOrFiveDigits() {
    assertThat(of("CA", "", "037", "").countyFips()).isEqualTo("06037");
    assertThat(of("CA", "", "06037", "").countyFips()).isEqualTo("06037");
    assertThat(of("CA", "", "17031", "").countyFips()).isNull(); // Cook County is not in CA
    assertThat(of("", "", "17031", "").stateFips()).isEqualTo("17");
    assertThat(of("CA", "", "Los Angeles", "").countyFips()).isNull();
  }

  @Test
  void zip3FollowsSafeHarbor() {
    assertThat(of("", "90210", "", "USA").zip3()).isEqualTo("902");
    assertThat(of("", "90210-1234", "", "").zip3()).isEqualTo("902");
    assertThat(of("", "82301", "", "").zip3()).isEqualTo("000");
    assertThat(of("", "K1A 0B1", "", "CAN").zip3()).isNull();
    // FHIR's Address.country is often the name (an outside review: zip3 was dropped).
    for (String us : new String[] {"United States", "United States of America", "U.S.A.", "us"}) {
      assertThat(of("", "90210", "", us).zip3()).as(us).isEqualTo("902");
    }
    assertThat(of("", "90210", "", "Mexico").zip3()).isNull();
    assertThat(of("", "9021", "", "").zip3()).isNull();
    // The placeholders of a ZIP not known (CareEvolution's 99999, elr5 r08): 999 is Ketchikan's.
    assertThat(of("UT", "99999", "", "USA").zip3()).isNull();
    assertThat(of("UT", "00000", "", "USA").zip3()).isNull();
    assertThat(of("AK", "99901", "", "USA").zip3()).isEqualTo("999");
    assertThat(Jurisdiction.of(Optional.empty())).isEqualTo(Jurisdiction.UNKNOWN);
  }

  /** A province written as a US state's code would be is not that state (an outside review). */
  @Test
  void anAddressInAnotherCountryIsInNoUsJurisdiction() {
    assertThat(of("PR", "80020-310", "", "BRA")).isEqualTo(Jurisdiction.UNKNOWN); // Paraná
    assertThat(of("WA", "6000", "", "AUS")).isEqualTo(Jurisdiction.UNKNOWN);
    assertThat(of("PA", "66000-000", "", "Brasil")).isEqualTo(Jurisdiction.UNKNOWN);
    // The same codes in the United States, and its territories under their own country codes.
    assertThat(of("WA", "98101", "", "USA").stateFips()).isEqualTo("53");
    assertThat(of("PR", "00901", "", "PRI")).isEqualTo(new Jurisdiction("72", null, "009"));
    assertThat(of("GU", "96910", "", "GUM").zip3()).isEqualTo("969");
    assertThat(of("WA", "98101 1234", "", "").zip3()).isEqualTo("981");
    // A country the hub does not know, or written as unknown, beside a US state and ZIP stays US.
    for (String country : new String[] {"UNK", "Unknown", "ZZ", "United States of America (the)"}) {
      assertThat(of("IA", "50112", "", country))
          .as(country)
          .isEqualTo(new Jurisdiction("19", null, "501"));
    }
    assertThat(of("", "50112", "", "UNK").zip3()).isEqualTo("501");
    assertThat(of("BC", "22000", "", "MEX")).isEqualTo(Jurisdiction.UNKNOWN);
  }

  @Test
  void ageBandsCapAtNinety() {
    LocalDate event = LocalDate.of(2026, 6, 1);
    assertThat(band(BirthDate.day(LocalDate.of(2022, 6, 2)), event)).isEqualTo("0-4");
    assertThat(band(BirthDate.day(LocalDate.of(2021, 6, 1)), event)).isEqualTo("5-17");
    assertThat(band(BirthDate.day(LocalDate.of(1936, 6, 2)), event)).isEqualTo("65-89");
    assertThat(band(BirthDate.day(LocalDate.of(1936, 6, 1)), event)).isEqualTo("90+");
    assertThat(band(BirthDate.day(LocalDate.of(2027, 1, 1)), event)).isEqualTo("unknown");
    assertThat(AgeBands.at(Optional.empty(), event)).isEqualTo("unknown");
  }

  @Test
  void aBirthYearOrMonthHasABandWhenEveryDayItMayMeanHasTheSameOne() {
    LocalDate event = LocalDate.of(2026, 6, 1);
    assertThat(band(BirthDate.year(1980), event)).isEqualTo("18-49");
    assertThat(band(BirthDate.year(1930), event)).isEqualTo("90+");
    // 1936 makes the patient 89 or 90 on 2026-06-01: either band could be wrong.
    assertThat(band(BirthDate.year(1936), event)).isEqualTo("unknown");
    assertThat(band(BirthDate.month(YearMonth.of(1936, 5)), event)).isEqualTo("90+");
    assertThat(band(BirthDate.month(YearMonth.of(1936, 6)), event)).isEqualTo("unknown");
    assertThat(band(BirthDate.month(YearMonth.of(1936, 7)), event)).isEqualTo("65-89");
    // Born this year or month, at most some days before the event: an infant.
    assertThat(band(BirthDate.year(2026), event)).isEqualTo("0-4");
    assertThat(band(BirthDate.month(YearMonth.of(2026, 6)), event)).isEqualTo("0-4");
    assertThat(band(BirthDate.year(2027), event)).isEqualTo("unknown");
    assertThat(band(BirthDate.year(1890), event)).isEqualTo("unknown");
  }

  private static String band(BirthDate born, LocalDate event) {
    return AgeBands.at(Optional.of(born), event);
  }
}
