package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.canonical.LabResult;
import io.vigil.ingest.canonical.ReferenceInstant;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A collection time to the month names no day: the next source that does stands in for it. */
class FhirCollectionDayTest {

  private static LabResult result(String bundle) {
    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            bundle.getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);
    return exam.report().orElseThrow().patients().get(0).labResults().get(0);
  }

  @Test
  void passesOverACollectionTimeToTheMonth() throws Exception {
    String bundle = new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8);
    String monthOnly =
        bundle.replace(
            "\"collectedDateTime\": \"2026-11-19T09:15:00-05:00\"",
            "\"collectedDateTime\": \"2026-11\"");
    assertThat(monthOnly).isNotEqualTo(bundle);

    assertThat(result(bundle).specimenCollected().map(ReferenceInstant::source))
        .contains("Specimen.collection.collectedDateTime");
    assertThat(result(monthOnly).specimenCollected().map(ReferenceInstant::source))
        .contains("Observation.effectiveDateTime");
    // None names a day: the first to the month, on its first day.
    String allMonthOnly = monthOnly.replace("\"2026-11-19T09:15:00-05:00\"", "\"2026-11\"");
    assertThat(result(allMonthOnly).specimenCollected().map(ReferenceInstant::source))
        .contains("Specimen.collection.collectedDateTime");
  }
}
