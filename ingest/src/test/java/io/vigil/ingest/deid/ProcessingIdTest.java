package io.vigil.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.canonical.CanonicalReport;
import io.vigil.ingest.canonical.Hl7v2ReportMapperTestAccess;
import io.vigil.ingest.hl7v2.TestMessages;
import io.vigil.ingest.validation.CvxTable;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Training and debugging messages (MSH-11 {@code T}, {@code D}) are counted only where the hub is
 * configured to count their processing id: production counts {@code P} alone.
 */
class ProcessingIdTest {

  private static Deidentifier counting(Set<String> ids) {
    return new Deidentifier(
        new PersonKey(DeidentifierTest.SECRET),
        ReportableConditions.bundled(),
        CvxTable.bundled(),
        ZoneId.of("UTC"),
        ids);
  }

  private static CanonicalReport oru(String msh11) {
    return Hl7v2ReportMapperTestAccess.reportOf(
        TestMessages.set(TestMessages.oru(), "MSH", 1, 11, msh11));
  }

  private static List<DeidentifiedEvent> events(Deidentifier deid, CanonicalReport report) {
    return deid.events(report, 1L, DeidentifierTest.SUBMISSION, DeidentifierTest.RECEIVED);
  }

  @ParameterizedTest
  @CsvSource({"P,P", "T,T", "D,D", "T^T,T", "P^I,P"})
  void theMapperReadsMsh11(String msh11, String processingId) {
    assertThat(oru(msh11).processingId()).isEqualTo(processingId);
  }

  @Test
  void productionCountsProductionMessagesOnly() {
    Deidentifier production = counting(Set.of("P"));
    CanonicalReport p = oru("P");
    CanonicalReport t = oru("T");

    assertThat(production.counts(p)).isTrue();
    assertThat(events(production, p)).isNotEmpty();
    assertThat(production.counts(t)).isFalse();
    assertThat(events(production, t)).isEmpty();
    assertThat(events(production, oru("D"))).isEmpty();

    assertThat(production.whyNotCounted(t))
        .contains("'T' (training or test)")
        .contains("counts P messages");
    assertThat(production.whyNotCounted(oru("D"))).contains("'D' (debugging)");
    assertThat(counting(Set.of("T", "P")).whyNotCounted(oru("D"))).contains("counts P, T messages");
  }

  /** Dev counts all three, so a guide's test samples (NIST's are MSH-11 T) show in a demo. */
  @Test
  void countingEveryProcessingIdGivesATrainingMessageTheEventsOfAProductionOne() {
    Deidentifier dev = counting(DeidConfig.ALL_PROCESSING_IDS);
    List<DeidentifiedEvent> asProduction = events(dev, oru("P"));
    List<DeidentifiedEvent> asTraining = events(dev, oru("T"));

    assertThat(asTraining).isNotEmpty().isEqualTo(asProduction);
    assertThat(dev.counts(oru("T"))).isTrue();
  }

  @Test
  void theConfigurationTakesOnlyTable0103Ids() {
    assertThat(
            new DeidConfig(
                    new byte[32], ZoneId.of("UTC"), java.util.Optional.empty(), Set.of("P", "T"))
                .processingIds())
        .containsExactlyInAnyOrder("P", "T");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new DeidConfig(
                    new byte[32], ZoneId.of("UTC"), java.util.Optional.empty(), Set.of("X")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("P, T and D");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new DeidConfig(
                    new byte[32], ZoneId.of("UTC"), java.util.Optional.empty(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Operators write the list by hand: case and spaces vary, a stray comma is a mistake. */
  @Test
  void theListIsReadAsOperatorsWriteIt() {
    assertThat(DeidConfig.processingIds("P")).containsExactly("P");
    assertThat(DeidConfig.processingIds(" p , T,d")).containsExactly("P", "T", "D");
    for (String bad : new String[] {"X", "P,,T", "P,", "", "production"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeidConfig.processingIds(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("some of P, T and D")
          .hasMessageContaining("'" + bad + "'");
    }
  }
}
