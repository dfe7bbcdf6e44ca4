package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.deid.DeidConfig;
import io.vigil.ingest.deid.Deidentifier;
import io.vigil.ingest.hl7v2.Disposition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ReportStream carries an over-the-counter test's ask-at-order-entry answers as Observations: where
 * no birth date is sent, the age one states gives the age band, as the OBX does in HL7 v2.
 */
class FhirStatedAgeTest {
  private static final String PATIENT = "urn:uuid:6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0002";

  private static Deidentifier deid(String zone) throws Exception {
    return Deidentifier.of(
        new DeidConfig(
            new byte[32], ZoneId.of(zone), Optional.empty(), DeidConfig.ALL_PROCESSING_IDS));
  }

  /** The golden lab message (collected 2026-11-19) without a birth date, with an age answer. */
  private static JsonObject withStatedAge(String collected, JsonObject value) throws Exception {
    JsonObject bundle =
        new JsonObject(new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8));
    for (Object e : bundle.getJsonArray("entry")) {
      JsonObject r = ((JsonObject) e).getJsonObject("resource");
      switch (r.getString("resourceType")) {
        case "Patient" -> r.remove("birthDate");
        case "Specimen" -> r.getJsonObject("collection").put("collectedDateTime", collected);
        case "Observation", "DiagnosticReport" -> r.put("effectiveDateTime", collected);
        default -> {}
      }
    }
    JsonObject age =
        new JsonObject()
            .put("resourceType", "Observation")
            .put("status", "final")
            .put("code", FhirGoldenTest.concept("http://loinc.org", "35659-2"))
            .put("subject", new JsonObject().put("reference", PATIENT))
            .put("effectiveDateTime", collected);
    age.mergeIn(value);
    bundle
        .getJsonArray("entry")
        .add(
            new JsonObject()
                .put("fullUrl", "urn:uuid:6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0099")
                .put("resource", age));
    return bundle;
  }

  private static JsonObject quantity(String value, String code, String comparator) {
    JsonObject q = new JsonObject().put("value", Double.parseDouble(value));
    if (!code.isEmpty()) {
      q.put("system", "http://unitsofmeasure.org").put("code", code).put("unit", code);
    }
    if (!comparator.isEmpty()) {
      q.put("comparator", comparator);
    }
    return new JsonObject().put("valueQuantity", q);
  }

  private static String ageBand(JsonObject bundle, String zone) throws Exception {
    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            bundle.encode().getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);
    assertThat(exam.disposition()).isEqualTo(Disposition.ACCEPT);
    List<DeidentifiedEvent> events =
        deid(zone).events(exam.report().orElseThrow(), 1L, UUID.randomUUID(), Instant.now());
    assertThat(events).hasSize(1);
    return events.get(0).ageBand();
  }

  @ParameterizedTest
  @CsvSource({
    "39,a,,18-49",
    "39.5,a,,18-49",
    "4,a,,0-4",
    "18,mo,,0-4",
    "89,a,>,90+",
    "90,a,>=,90+",
    "39,kg,,unknown",
    "39,a,<,unknown"
  })
  void readsTheAgeBandFromAStatedAge(String value, String unit, String comparator, String band)
      throws Exception {
    assertThat(
            ageBand(
                withStatedAge(
                    "2026-11-19T09:15:00-05:00",
                    quantity(value, unit, comparator == null ? "" : comparator)),
                "UTC"))
        .isEqualTo(band);
  }

  @Test
  void anIntegerIsYearsAndABirthDateSentWins() throws Exception {
    assertThat(
            ageBand(
                withStatedAge(
                    "2026-11-19T09:15:00-05:00", new JsonObject().put("valueInteger", 70)),
                "UTC"))
        .isEqualTo("65-89");
    JsonObject withBirth = withStatedAge("2026-11-19T09:15:00-05:00", quantity("70", "a", ""));
    for (Object e : withBirth.getJsonArray("entry")) {
      JsonObject r = ((JsonObject) e).getJsonObject("resource");
      if (r.getString("resourceType").equals("Patient")) {
        r.put("birthDate", "1985-03-15");
      }
    }
    assertThat(ageBand(withBirth, "UTC")).isEqualTo("18-49");
  }

  /**
   * Collected in the evening of 4 April in New York, written in UTC (5 April): the hub in New York
   * dates the test the 4th, and the stated 18 years still hold on that day (was unknown: the span
   * taken on the 5th straddled the 18th birthday on the 4th).
   */
  @Test
  void aStatedAgeHoldsOnTheDayTheHubsZoneGivesTheEvent() throws Exception {
    JsonObject bundle = withStatedAge("2024-04-05T01:30:00Z", quantity("18", "a", ""));
    assertThat(ageBand(bundle, "America/New_York")).isEqualTo("18-49");
    assertThat(ageBand(bundle, "UTC")).isEqualTo("18-49");
    JsonObject five = withStatedAge("2024-04-05T01:30:00Z", quantity("5", "a", ""));
    assertThat(ageBand(five, "America/New_York")).isEqualTo("5-17");
  }
}
