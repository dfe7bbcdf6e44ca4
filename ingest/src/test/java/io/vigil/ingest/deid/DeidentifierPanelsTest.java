package io.vigil.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.canonical.LabResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A chlamydia/gonorrhea multiplex code, which RCTC lists under both conditions: the organism found
 * decides a positive; a negative is a negative test of each condition. Negatives under such a code
 * counted for neither, and a lab coding positives by organism showed 100% positivity.
 */
class DeidentifierPanelsTest {
  private static final Coding CT_NG =
      new Coding(Coding.LOINC, "44806-8", "C trach+N gon DNA Ur Ql NAA+probe");
  private static final String ORDER = "filler|ACC-9^LAB^|http://loinc.org^44806-8|1";

  final Deidentifier deid = DeidentifierTest.deidentifier();
  final UUID submission = DeidentifierTest.SUBMISSION;
  final Instant received = DeidentifierTest.RECEIVED;

  private List<DeidentifiedEvent> events(Optional<Coding> coded, String text, String status) {
    LabResult r =
        new LabResult(
            CT_NG,
            coded,
            text,
            "",
            status,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            ORDER,
            "");
    return deid.events(
        DeidentifierTest.lab(DeidentifierTest.patient(), r), 1, submission, received);
  }

  @Test
  void aNegativeIsANegativeTestOfEachCondition() {
    List<DeidentifiedEvent> coded =
        events(Optional.of(new Coding(Coding.SNOMED, "260415000", "Not detected")), "", "F");
    assertThat(coded)
        .extracting(DeidentifiedEvent::condition, DeidentifiedEvent::interpretation)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Chlamydia trachomatis infection", "negative"),
            org.assertj.core.groups.Tuple.tuple("Gonorrhea", "negative"));
    // Two results, two keys: neither replaces the other downstream.
    assertThat(coded.get(0).resultKey()).isNotNull().isNotEqualTo(coded.get(1).resultKey());
    assertThat(
            events(
                Optional.empty(),
                "Negative for Chlamydia trachomatis and Neisseria gonorrhoeae",
                "F"))
        .hasSize(2);
  }

  @Test
  void aPositiveCountsByTheOrganismFoundOnly() {
    assertThat(events(Optional.of(new Coding(Coding.SNOMED, "68704007", "N gon")), "", "F"))
        .extracting(DeidentifiedEvent::condition, DeidentifiedEvent::interpretation)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Gonorrhea", "positive"));
    assertThat(events(Optional.of(new Coding(Coding.SNOMED, "260373001", "Detected")), "", "F"))
        .isEmpty();
  }

  @Test
  void aWithdrawnNegativeIsTakenBackFromEachCondition() {
    List<DeidentifiedEvent> negative =
        events(Optional.of(new Coding(Coding.SNOMED, "260415000", "Not detected")), "", "F");
    List<DeidentifiedEvent> withdrawn =
        events(Optional.of(new Coding(Coding.SNOMED, "260415000", "Not detected")), "", "W");
    assertThat(withdrawn)
        .extracting(DeidentifiedEvent::kind)
        .containsOnly(DeidentifiedEvent.LAB_RESULT_RETRACTION);
    assertThat(withdrawn)
        .extracting(DeidentifiedEvent::resultKey)
        .containsExactlyElementsOf(negative.stream().map(DeidentifiedEvent::resultKey).toList());
  }
}
