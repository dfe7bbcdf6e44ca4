package io.vigil.ingest.validation;

import static io.vigil.ingest.hl7v2.TestMessages.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.canonical.Hl7v2ReportMapperTestAccess;
import io.vigil.ingest.canonical.LabResult;
import io.vigil.ingest.hl7v2.TestMessages;
import org.junit.jupiter.api.Test;

/**
 * An order cancelled (OBR-25 {@code X}: "no results available; order canceled") whose results still
 * say final, as an LIS sends it when a specimen is rejected after the results were filed.
 */
class CancelledOrderTest {

  @Test
  void saysSoAndReadsItsResultsAsCancelled() {
    String cancelled = set(TestMessages.oru(), "OBR", 1, 25, "X");

    assertThat(ElrValidatorTest.validate(cancelled))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo("OBR25_CANCELLED");
              assertThat(f.severity()).isEqualTo(Severity.W);
              assertThat(f.location()).isEqualTo("OBR(1)-25");
              assertThat(f.message()).contains("results say F", "not counted");
            });
    LabResult result =
        Hl7v2ReportMapperTestAccess.reportOf(cancelled).patients().get(0).labResults().get(0);
    assertThat(result.status()).isEqualTo("X"); // no event: a cancelled result counts nothing
  }

  @Test
  void aCancelledOrderWithCancelledResultsIsQuiet() {
    String both = set(set(TestMessages.oru(), "OBR", 1, 25, "X"), "OBX", 1, 11, "X");
    assertThat(ElrValidatorTest.validate(both)).isEmpty();
    assertThat(
            Hl7v2ReportMapperTestAccess.reportOf(TestMessages.oru())
                .patients()
                .get(0)
                .labResults()
                .get(0)
                .status())
        .isEqualTo("F");
  }
}
