package io.vigil.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.DeidentifiedEvent;
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

/**
 * A culture's isolate sent as text, or under a lab's own code, is told of and not counted: only a
 * SNOMED CT organism counts (two reviews found every reading of culture texts counting false cases
 * from comments that name what the culture looks for).
 */
class CultureIsolatesTest {

  private static final Hl7v2Examiner EXAMINER =
      new Hl7v2Examiner(Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));

  private final CultureIsolates isolates = new CultureIsolates(ReportableConditions.bundled());

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

  /**
   * The reviewer's g01, and comments that name an organism without identifying it (regress5 D2,
   * regress6 N1): each is told to code its organism; none counts a case.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Salmonella enterica serovar Typhimurium",
        "Culture screened for Salmonella and Shigella",
        "Salmonella/Shigella: specimen unsatisfactory, please recollect",
        "Shigella cannot be excluded",
        "Salmonella species (preliminary identification)"
      })
  void warnsOfACultureSentAsTextAndCountsNoCase(String text) {
    String m = culture(text);
    assertThat(codes(m)).contains("OBX5_ORGANISM_NOT_CODED");
    assertThat(events(m))
        .noneMatch(e -> DeidentifiedEvent.LAB_RESULT.equals(e.kind()) && e.condition() != null);
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
   * form that is not SNOMED CT in real feeds, counted nothing without a word: now told.
   */
  @Test
  void warnsOfAnIsolateUnderALocalCode() {
    String golden = TestMessages.golden("oru_r01/salmonella_culture_snomed");
    for (String local : new String[] {"SALM^Salmonella species^L", "SHIGS^Shigella sonnei^99LAB"}) {
      String m = TestMessages.set(TestMessages.set(golden, "OBX", 1, 5, local), "OBX", 1, 8, "");
      assertThat(codes(m)).as(local).contains("OBX5_ORGANISM_NOT_CODED");
      assertThat(events(m))
          .as(local)
          .noneMatch(e -> DeidentifiedEvent.LAB_RESULT.equals(e.kind()) && e.condition() != null);
    }
    // Coded in SNOMED CT (either triplet), or a local code naming nothing grown: quiet.
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
