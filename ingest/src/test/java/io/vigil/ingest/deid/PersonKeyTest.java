package io.vigil.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.canonical.BirthDate;
import io.vigil.ingest.canonical.Patient;
import io.vigil.ingest.canonical.PatientIdentifier;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which reports the person key links as one person, and which it keeps apart. */
class PersonKeyTest {
  private static final Optional<BirthDate> BORN =
      Optional.of(BirthDate.day(LocalDate.of(1990, 7, 21)));

  private static Patient named(String family, String given) {
    return new Patient(
        List.of(new PatientIdentifier("MRN1", "LAB", "MR")),
        family,
        given,
        BORN,
        "F",
        Optional.empty());
  }

  private static String key(Patient p, String sender) {
    return PersonKey.identity(p, sender);
  }

  /** Variants registration systems produce of one person's name: one key, whichever lab sent it. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Granger|Hermione J",
        "Granger|Hermione J.",
        "GRANGER|hermione",
        "Granger Jr|Hermione",
        "Granger, III|Hermione",
        "Gránger|Hérmione",
      })
  void linksTheSamePersonWrittenDifferently(String family, String given) {
    assertThat(key(named(family, given), "1")).isEqualTo(key(named("Granger", "Hermione"), "2"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Łukasz|Lukasz",
        "Strauß|Strauss",
        "Sørensen|Sorensen",
        "Æsa|Aesa",
        "Đorđe|Dorde",
      })
  void foldsLettersAnAsciiOnlySystemWritesOtherwise(String written, String ascii) {
    assertThat(key(named(written, "Ann"), "1")).isEqualTo(key(named(ascii, "Ann"), "1"));
  }

  /** Given names written with or without a space are one name (a skeptic's review). */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"Jo Ann|JoAnn", "La Toya|LaToya", "Mary Kate|Mary-Kate", "Ann Marie|Annmarie"})
  void linksGivenNamesWrittenWithOrWithoutASpace(String spaced, String joined) {
    assertThat(key(named("Finn", spaced), "1")).isEqualTo(key(named("Finn", joined), "1"));
  }

  @Test
  void keepsApartWhatOnlyLooksAlike() {
    // Two full given names are two people (twins share the family name and the birth date).
    assertThat(key(named("Garcia", "Maria Guadalupe"), "1"))
        .isNotEqualTo(key(named("Garcia", "Maria Elena"), "1"));
    assertThat(key(named("Nguyen", "Thi Lan"), "1"))
        .isNotEqualTo(key(named("Nguyen", "Thi Hoa"), "1"));
    assertThat(key(named("Granger", "Jean Hermione"), "1"))
        .isNotEqualTo(key(named("Granger", "Hermione"), "1"));
    // A family name that ends in a suffix-like word is kept when that word is all of it.
    assertThat(PersonKey.family("Iv")).isEqualTo("IV");
    assertThat(PersonKey.family("Van Der Berg")).isEqualTo("VANDERBERG");
    // An initial first, then the name the person goes by.
    assertThat(PersonKey.given("J Robert")).isEqualTo("ROBERT");
    assertThat(PersonKey.given("Mary-Kate")).isEqualTo("MARYKATE");
    assertThat(PersonKey.given("J")).isEqualTo("J");
  }

  @ParameterizedTest
  @CsvSource({"Baby Girl", "Baby Girl A", "Twin A", "Twin B", "Female A", "BG", "Girl B", "Infant"})
  void knowsANewbornsPlaceholderName(String given) {
    assertThat(PersonKey.newborn(given)).isTrue();
    assertThat(PersonKey.newborn("Babette")).isFalse();
    assertThat(PersonKey.newborn("Twinkle")).isTrue(); // a price paid for "Twin A", "TwinA"
  }

  /** Newborn twins registered as "Baby Girl" share a family name and birth date, never a key. */
  @Test
  void newbornPlaceholderNamesFallBackToTheRecordNumber() {
    Patient twinA =
        new Patient(
            List.of(new PatientIdentifier("VU55678", "VUMC", "MR")),
            "Benson",
            "Baby Girl",
            BORN,
            "F",
            Optional.empty());
    Patient twinB =
        new Patient(
            List.of(new PatientIdentifier("VU55679", "VUMC", "MR")),
            "Benson",
            "Baby Girl",
            BORN,
            "F",
            Optional.empty());

    assertThat(key(twinA, "1")).startsWith("i1|VUMC|").isNotEqualTo(key(twinB, "1"));
    // The registry's id added on a resend does not change who the baby is: the record number keys.
    Patient resent =
        new Patient(
            List.of(
                new PatientIdentifier("TN40002", "TENNIIS", "SR"),
                new PatientIdentifier("VU55678", "VUMC", "MR")),
            "Benson",
            "Baby Girl",
            BORN,
            "F",
            Optional.empty());
    assertThat(key(resent, "1")).isEqualTo(key(twinA, "1"));
  }

  /**
   * A record number without an assigning authority is unique only within its sender: three labs'
   * patient 12345 are three people; the same lab's 12345 is one.
   */
  @Test
  void anUnqualifiedRecordNumberIsKeyedWithinItsSender() {
    Patient noBirthDate =
        new Patient(
            List.of(new PatientIdentifier("12345", "", "")),
            "Granger",
            "Hermione",
            Optional.empty(),
            "F",
            Optional.empty());
    Patient other =
        new Patient(
            List.of(new PatientIdentifier("12345", " ", "MR")),
            "Potter",
            "Harry",
            Optional.empty(),
            "M",
            Optional.empty());

    assertThat(key(noBirthDate, "1")).isNotEqualTo(key(other, "2"));
    assertThat(key(noBirthDate, "1")).isEqualTo(key(other, "1"));
    // With an authority, the number is the same person whoever sends it.
    Patient qualified =
        new Patient(
            List.of(new PatientIdentifier("12345", "STATE IIS", "SR")),
            "",
            "",
            Optional.empty(),
            "U",
            Optional.empty());
    assertThat(key(qualified, "1")).isEqualTo(key(qualified, "2"));
  }
}
