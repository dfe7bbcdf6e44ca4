package io.vigil.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.canonical.LabResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A version of a result that counts nothing still takes back the version it replaces: a retraction
 * under the result's key (an outside review found the stale version left counted).
 */
class SupersedingVersionTest {
  private static final Coding STOOL_CULTURE =
      new Coding(Coding.LOINC, "625-4", "Bacteria identified in Stool by Culture");
  private static final Coding SARS_COV_2 =
      new Coding(Coding.LOINC, "94500-6", "SARS-CoV-2 RNA NAA+probe Ql");
  private static final Coding GLUCOSE = new Coding(Coding.LOINC, "2345-7", "Glucose");

  private final Deidentifier deid = DeidentifierTest.deidentifier();

  private static LabResult result(
      Coding test, Optional<Coding> organism, String value, String flag, String status) {
    return new LabResult(
        test,
        organism,
        value,
        flag,
        status,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "ACC-1|LN^" + test.code() + "|2",
        "");
  }

  private List<DeidentifiedEvent> events(LabResult r) {
    return deid.events(
        DeidentifierTest.lab(DeidentifierTest.patient(), r),
        1,
        DeidentifierTest.SUBMISSION,
        DeidentifierTest.RECEIVED);
  }

  @Test
  void aCulturesFinalThatRulesTheOrganismOutTakesBackItsPreliminaryIsolate() {
    DeidentifiedEvent salmonella =
        events(
                result(
                    STOOL_CULTURE,
                    Optional.of(new Coding(Coding.SNOMED, "27268008", "Salmonella")),
                    "",
                    "A",
                    "P"))
            .get(0);
    List<DeidentifiedEvent> ruledOut =
        events(result(STOOL_CULTURE, Optional.empty(), "No Salmonella isolated", "N", "F"));

    assertThat(salmonella.kind()).isEqualTo(DeidentifiedEvent.LAB_RESULT);
    assertThat(ruledOut).hasSize(1);
    assertThat(ruledOut.get(0).kind()).isEqualTo(DeidentifiedEvent.LAB_RESULT_RETRACTION);
    assertThat(ruledOut.get(0).resultKey()).isEqualTo(salmonella.resultKey());
    // The analytics take the condition from the version they withdraw.
    assertThat(ruledOut.get(0).condition()).isNull();
  }

  /**
   * A final whose organism the hub cannot read is no evidence against the preliminary one: a
   * serotype as text or a local code, an organism the value set does not list, or OBX-11 U (final
   * without retransmitting the value). The preliminary stays counted (a skeptic's review found
   * these taking real cases back).
   */
  @Test
  void aCulturesFinalTheHubCannotReadLeavesThePreliminaryCounted() {
    assertThat(
            events(
                result(
                    STOOL_CULTURE,
                    Optional.empty(),
                    "Salmonella enterica serovar Typhimurium",
                    "",
                    "F")))
        .isEmpty();
    assertThat(
            events(
                result(
                    STOOL_CULTURE,
                    Optional.of(new Coding(Coding.SNOMED, "398567006", "Salmonella I, O:4")),
                    "",
                    "A",
                    "F")))
        .isEmpty();
    assertThat(events(result(STOOL_CULTURE, Optional.empty(), "", "", "U"))).isEmpty();
    // A preliminary that names nothing yet replaces nothing.
    assertThat(events(result(STOOL_CULTURE, Optional.empty(), "Pending", "", "P"))).isEmpty();
  }

  /**
   * A chlamydia/gonorrhea panel's result is keyed per condition, whether its organism or a negative
   * counts it, so a positive corrected to "unsatisfactory" is taken back.
   */
  @Test
  void aPanelsVersionsShareTheirKeyPerCondition() {
    Coding panel =
        new Coding(Coding.LOINC, "36903-3", "C trach+N gonorrhoea DNA Spec Ql NAA+probe");
    DeidentifiedEvent gonorrhea =
        events(
                result(
                    panel,
                    Optional.of(new Coding(Coding.SNOMED, "68704007", "Neisseria gonorrhoeae")),
                    "",
                    "A",
                    "P"))
            .get(0);
    List<DeidentifiedEvent> unsatisfactory =
        events(
            result(
                panel,
                Optional.of(new Coding(Coding.SNOMED, "125154007", "Specimen unsatisfactory")),
                "",
                "",
                "F"));
    List<DeidentifiedEvent> negative =
        events(result(panel, Optional.empty(), "Not detected", "N", "C"));

    assertThat(gonorrhea.condition()).isEqualTo("Gonorrhea");
    assertThat(unsatisfactory)
        .extracting(DeidentifiedEvent::kind)
        .containsOnly(DeidentifiedEvent.LAB_RESULT_RETRACTION);
    assertThat(unsatisfactory)
        .extracting(DeidentifiedEvent::resultKey)
        .contains(gonorrhea.resultKey());
    assertThat(negative).extracting(DeidentifiedEvent::resultKey).contains(gonorrhea.resultKey());
  }

  @Test
  void aPositiveCorrectedToNoResultOrCancelledIsTakenBack() {
    DeidentifiedEvent positive =
        events(result(SARS_COV_2, Optional.empty(), "Detected", "A", "F")).get(0);
    List<DeidentifiedEvent> unsatisfactory =
        events(
            result(
                SARS_COV_2,
                Optional.of(new Coding(Coding.SNOMED, "125154007", "Specimen unsatisfactory")),
                "",
                "",
                "C"));
    List<DeidentifiedEvent> cancelled = events(result(SARS_COV_2, Optional.empty(), "", "", "X"));

    for (List<DeidentifiedEvent> later : List.of(unsatisfactory, cancelled)) {
      assertThat(later)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.kind()).isEqualTo(DeidentifiedEvent.LAB_RESULT_RETRACTION);
                assertThat(e.resultKey()).isEqualTo(positive.resultKey());
                assertThat(e.condition()).isEqualTo("COVID-19");
              });
    }
    // Pending, as a preliminary, is no version that replaces one.
    assertThat(events(result(SARS_COV_2, Optional.empty(), "Pending", "", "P"))).isEmpty();
  }

  /** A test that is not reportable never counted: nothing about it leaves the hub. */
  @Test
  void aTestThatIsNotReportableSendsNothing() {
    assertThat(events(result(GLUCOSE, Optional.empty(), "5.4", "", "F"))).isEmpty();
    assertThat(events(result(GLUCOSE, Optional.empty(), "", "", "X"))).isEmpty();
  }
}
