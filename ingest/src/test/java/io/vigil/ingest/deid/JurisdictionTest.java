package io.vigil.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.canonical.Address;
import java.time.LocalDate;
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
    assertThat(of("", "9021", "", "").zip3()).isNull();
    assertThat(Jurisdiction.of(Optional.empty())).isEqualTo(Jurisdiction.UNKNOWN);
  }

  @Test
  void ageBandsCapAtNinety() {
    LocalDate event = LocalDate.of(2026, 6, 1);
    assertThat(AgeBands.at(Optional.of(LocalDate.of(2022, 6, 2)), event)).isEqualTo("0-4");
    assertThat(AgeBands.at(Optional.of(LocalDate.of(2021, 6, 1)), event)).isEqualTo("5-17");
    assertThat(AgeBands.at(Optional.of(LocalDate.of(1936, 6, 2)), event)).isEqualTo("65-89");
    assertThat(AgeBands.at(Optional.of(LocalDate.of(1936, 6, 1)), event)).isEqualTo("90+");
    assertThat(AgeBands.at(Optional.of(LocalDate.of(2027, 1, 1)), event)).isEqualTo("unknown");
    assertThat(AgeBands.at(Optional.empty(), event)).isEqualTo("unknown");
  }
}
