package io.vigil.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.Hl7v2Examiner;
import io.vigil.ingest.hl7v2.TestMessages;
import io.vigil.ingest.validation.Finding;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A culture's isolate sent as text is read as the organism it names, and the sender is told. */
class CultureIsolatesTest {

  private static final Hl7v2Examiner EXAMINER =
      new Hl7v2Examiner(Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));

  private final CultureIsolates isolates = new CultureIsolates(ReportableConditions.bundled());

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Salmonella enterica serovar Typhimurium|27268008",
        "Salmonella species isolated|27268008",
        "SALMONELLA GROUP B|27268008",
        "Shigella sonnei|77352002",
        "Many Shigella flexneri isolated.|77352002",
        "E. coli O157:H7|116394005",
        "Escherichia coli O157 isolated|116394005",
        "Shiga toxin-producing E. coli (STEC)|116394005",
        "Bordetella pertussis|5247005",
        "Neisseria gonorrhoeae|68704007",
        "Salmonella species; further identification to follow|27268008",
        "Salmonella Typhimurium - isolate sent to State Hygienic Lab for serotyping|27268008",
        "Final: Salmonella enterica serogroup B|27268008",
        "Heavy growth of Shigella sonnei|77352002",
        "E. coli 0157:H7 isolated|116394005"
      })
  void readsTheValueSetsOrganismsFromTheirNames(String text, String snomed) {
    assertThat(CultureIsolates.organism(text)).map(Coding::code).contains(snomed);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "No Salmonella or Shigella isolated",
        "No Salmonella, Shigella, Campylobacter or STEC isolated",
        "Salmonella not isolated",
        "Negative for Salmonella and Shigella",
        "Normal flora",
        "Normal enteric flora. No Shigella isolated",
        "Rule out Salmonella",
        "Inconclusive: Salmonella?",
        "Salmonella Typhi", // typhoid fever, not salmonellosis
        "Salmonella enterica serovar Paratyphi A",
        "Campylobacter jejuni", // not in the bundled value set
        // Comments that name an organism without identifying it (regress5 D2; real catalogue
        // texts).
        "Culture screened for Salmonella and Shigella and Shiga toxin producing E. coli",
        "Salmonella/Shigella culture in progress",
        "Testing for Salmonella and Shigella to follow",
        "Preliminary: Salmonella species suspected",
        "Sent to reference lab for Shigella confirmation",
        "Specimen submitted for Salmonella serotyping",
        "See Salmonella susceptibility report",
        "Isolate will be forwarded to the state laboratory for Salmonella confirmation",
        "Unable to isolate Salmonella; PCR positive",
        "Shigella-like organism; identification to follow",
        "Presumptive Shigella; sent to state lab",
        "Shigella species to follow",
        "Culture includes testing for Salmonella and Shigella",
        "Shiga Toxin and Campylobacter antigen final result within 2 days",
        "Klebsiella pneumoniae",
        "Test not performed",
        "No growth"
      })
  void readsNoOrganismWhereTheTextNamesNoneOfTheValueSet(String text) {
    assertThat(CultureIsolates.organism(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "625-4|Shigella sonnei|true",
        "625-4|Klebsiella pneumoniae|true", // an isolate the value set does not list: still text
        "6463-4|Salmonella species isolated|true",
        "625-4|No Salmonella or Shigella isolated|false",
        "625-4|Normal flora|false",
        "625-4|Pending|false",
        "94311-8|32.5|false", // a cycle threshold (a `*` row) is no isolate
        "94500-6|Shigella sonnei|false", // a test that names its condition
        "630-4|Klebsiella pneumoniae|false" // a culture the value set does not list
      })
  void tellsWhichTextsAreIsolatesOfACultureTheValueSetDecidesByOrganism(
      String loinc, String text, boolean expected) {
    assertThat(isolates.isUncodedFinding(loinc, text)).isEqualTo(expected);
  }

  /** The reviewer's g01: AA, no finding, no event for the culture. */
  @Test
  void warnsAndCountsAStoolCultureIsolateSentAsText() {
    String m = culture("Salmonella enterica serovar Typhimurium");
    assertThat(codes(m)).contains("OBX5_ORGANISM_NOT_CODED");
    List<DeidentifiedEvent> events = events(m);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).condition()).isEqualTo("Salmonellosis");
    assertThat(events.get(0).interpretation()).isEqualTo("positive");
  }

  /** The reviewer's g05: a negative culture in words stays no case and is not warned. */
  @Test
  void neitherWarnsNorCountsANegativeCultureSentAsText() {
    String m = culture("No Salmonella or Shigella isolated");
    assertThat(codes(m)).doesNotContain("OBX5_ORGANISM_NOT_CODED");
    assertThat(events(m))
        .noneMatch(e -> DeidentifiedEvent.LAB_RESULT.equals(e.kind()) && e.condition() != null);
  }

  /**
   * regress5 e03/e04: a lab's own code for the isolate (SALM^Salmonella species^L), the commonest
   * form that is not SNOMED CT in real feeds, counted nothing without a word.
   */
  @Test
  void warnsAndCountsAnIsolateUnderALocalCode() {
    String golden = TestMessages.golden("oru_r01/salmonella_culture_snomed");
    for (String local : new String[] {"SALM^Salmonella species^L", "SHIGS^Shigella sonnei^99LAB"}) {
      String m = TestMessages.set(TestMessages.set(golden, "OBX", 1, 5, local), "OBX", 1, 8, "");
      assertThat(codes(m)).as(local).contains("OBX5_ORGANISM_NOT_CODED");
      assertThat(events(m))
          .as(local)
          .filteredOn(e -> DeidentifiedEvent.LAB_RESULT.equals(e.kind()))
          .extracting(DeidentifiedEvent::condition, DeidentifiedEvent::interpretation)
          .containsExactly(
              org.assertj.core.api.Assertions.tuple(
                  local.startsWith("SALM") ? "Salmonellosis" : "Shigellosis", "positive"));
    }
    // Coded in SNOMED CT (either triplet), or a local code naming nothing of the value set: quiet.
    assertThat(codes(golden)).doesNotContain("OBX5_ORGANISM_NOT_CODED");
    String unread = TestMessages.set(golden, "OBX", 1, 5, "NG^No growth^L");
    assertThat(codes(unread)).doesNotContain("OBX5_ORGANISM_NOT_CODED");
  }

  /** The golden Salmonella stool culture with its isolate sent as text (OBX-2 ST). */
  private static String culture(String text) {
    String m = TestMessages.golden("oru_r01/salmonella_culture_snomed");
    m = TestMessages.set(m, "OBX", 1, 2, "ST");
    m = TestMessages.set(m, "OBX", 1, 5, text);
    return TestMessages.set(m, "OBX", 1, 8, "");
  }

  private static List<String> codes(String message) {
    Examination exam = EXAMINER.examine(message.getBytes(StandardCharsets.UTF_8));
    return exam.findings().stream().map(Finding::code).toList();
  }

  private static List<DeidentifiedEvent> events(String message) {
    Examination exam = EXAMINER.examine(message.getBytes(StandardCharsets.UTF_8));
    return DeidentifierTest.deidentifier()
        .events(
            exam.report().orElseThrow(),
            42,
            DeidentifierTest.SUBMISSION,
            DeidentifierTest.RECEIVED);
  }
}
