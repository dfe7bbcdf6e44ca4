package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.deid.DeidConfig;
import io.vigil.ingest.deid.Deidentifier;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A result given as an interpretation only (R4 has {@code value[x]} 0..1): susceptibility lines of
 * a culture report, device templates that send POS. As OBX-5 empty with OBX-8 in HL7 v2, it is a
 * warning, and the interpretation is the outcome.
 */
class FhirInterpretationOnlyTest {
  private static final Deidentifier DEID = deidentifier();

  private static Deidentifier deidentifier() {
    try {
      return Deidentifier.of(
          new DeidConfig(
              new byte[32], ZoneId.of("UTC"), Optional.empty(), DeidConfig.ALL_PROCESSING_IDS));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @CsvSource({"POS,positive", "NEG,negative", "DET,positive", "N,negative", "R,indeterminate"})
  void aResultGivenAsItsInterpretationIsTakenAndCounted(String code, String outcome)
      throws Exception {
    JsonObject bundle =
        new JsonObject(new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8));
    for (Object e : bundle.getJsonArray("entry")) {
      JsonObject r = ((JsonObject) e).getJsonObject("resource");
      if (r.getString("resourceType").equals("Observation")) {
        r.remove("valueCodeableConcept");
        r.put(
            "interpretation",
            new JsonArray()
                .add(
                    FhirGoldenTest.concept(
                        "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
                        code)));
      }
    }

    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            bundle.encode().getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);

    assertThat(exam.disposition()).isEqualTo(Disposition.ACCEPT);
    Finding missing =
        exam.findings().stream()
            .filter(f -> f.code().equals("OBSERVATION_VALUE_MISSING"))
            .findFirst()
            .orElseThrow();
    assertThat(missing.severity()).isEqualTo(Severity.W);
    assertThat(missing.message()).contains("interpretation is read");
    List<DeidentifiedEvent> events =
        DEID.events(exam.report().orElseThrow(), 1L, UUID.randomUUID(), Instant.now());
    assertThat(events).extracting(DeidentifiedEvent::interpretation).containsExactly(outcome);
  }
}
