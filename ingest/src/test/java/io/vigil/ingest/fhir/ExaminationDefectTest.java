package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.validation.CvxTable;
import io.vigil.ingest.validation.Finding;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the FHIR path does when the hub itself fails: refuse with 500, but store and say so. */
class ExaminationDefectTest {

  /** A clock that fails: a stand-in for any defect inside the examination. */
  static final Clock BROKEN =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          throw new IllegalStateException("a defect");
        }
      };

  @Test
  void aDefectMidExaminationIsAnInternalErrorWithoutTheBundlesIdentifier() throws Exception {
    FhirExaminer examiner =
        new FhirExaminer(
            new FhirValidator(CvxTable.bundled()),
            new FhirReportMapper(),
            ProfileValidation.off(),
            BROKEN);
    FhirExamination exam =
        examiner.examine(FhirGoldenTest.fixture("lab_message"), FhirOperation.PROCESS_MESSAGE);

    assertThat(exam.disposition()).isEqualTo(Disposition.REJECT);
    assertThat(exam.findings()).extracting(Finding::code).containsExactly("INTERNAL_ERROR");
    assertThat(exam.httpStatus()).isEqualTo(500);
    // Stored under its sender, but without claiming its identifier: the resend is examined again.
    assertThat(exam.facilityId()).isEqualTo("05D0000001");
    assertThat(exam.controlId()).isNull();
    assertThat(exam.report()).isEmpty();
    String body =
        FhirResponses.render(exam, AckCode.AR, UUID.randomUUID(), Instant.EPOCH, "urn:vigil:hub");
    assertThat(body).contains("INTERNAL_ERROR").contains("fatal-error");
  }

  /** A primitive's extension saying its value is unknown (FHIR's data-absent-reason). */
  static final JsonObject ABSENT =
      new JsonObject()
          .put(
              "extension",
              new JsonArray()
                  .add(
                      new JsonObject()
                          .put("url", "http://hl7.org/fhir/StructureDefinition/data-absent-reason")
                          .put("valueCode", "unknown")));

  /** The first resource of {@code type} in {@code bundle}. */
  static JsonObject resource(JsonObject bundle, String type) {
    for (Object e : bundle.getJsonArray("entry")) {
      JsonObject r = ((JsonObject) e).getJsonObject("resource");
      if (r.getString("resourceType").equals(type)) {
        return r;
      }
    }
    throw new AssertionError("no " + type);
  }

  /**
   * A primitive may carry only an extension, such as a data-absent-reason: HAPI's {@code has…()} is
   * then true while its value is null. Each such element the hub reads once threw.
   */
  @ParameterizedTest
  @ValueSource(strings = {"occurrenceString", "resultIdentifierSystem", "processingTagCode"})
  void readsPrimitivesThatCarryOnlyAnExtension(String element) throws Exception {
    boolean dose = element.equals("occurrenceString");
    JsonObject bundle =
        new JsonObject(
            new String(
                FhirGoldenTest.fixture(dose ? "immunization_message" : "lab_message"),
                StandardCharsets.UTF_8));
    switch (element) {
      case "occurrenceString" -> {
        JsonObject imm = resource(bundle, "Immunization");
        imm.remove("occurrenceDateTime");
        imm.put("_occurrenceString", ABSENT.copy());
      }
      case "resultIdentifierSystem" ->
          resource(bundle, "Observation")
              .put(
                  "identifier",
                  new JsonArray()
                      .add(new JsonObject().put("_system", ABSENT.copy()).put("value", "R-1")));
      default ->
          bundle.put(
              "meta",
              new JsonObject()
                  .put(
                      "tag",
                      new JsonArray()
                          .add(
                              new JsonObject()
                                  .put("system", ProcessingTag.V2_0103)
                                  .put("_code", ABSENT.copy()))));
    }

    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            bundle.encode().getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);

    assertThat(exam.findings()).extracting(Finding::code).doesNotContain("INTERNAL_ERROR");
    if (!dose) {
      assertThat(exam.disposition()).isEqualTo(Disposition.ACCEPT);
      assertThat(exam.report().orElseThrow().processingId()).isEqualTo("P");
    }
  }

  /**
   * {@code _primarySource} with only a data-absent-reason (no value) used to throw in the
   * validator: HAPI's {@code getPrimarySource()} unboxes the missing value.
   */
  @Test
  void readsAnImmunizationWhosePrimarySourceIsDataAbsent() throws Exception {
    String bundle =
        new String(FhirGoldenTest.fixture("immunization_message"), StandardCharsets.UTF_8)
            .replace(
                "\"primarySource\": true,",
                "\"_primarySource\": {\"extension\": [{\"url\":"
                    + " \"http://hl7.org/fhir/StructureDefinition/data-absent-reason\","
                    + " \"valueCode\": \"unknown\"}]},");
    assertThat(bundle).contains("_primarySource");

    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            bundle.getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);

    assertThat(exam.findings()).extracting(Finding::code).doesNotContain("INTERNAL_ERROR");
    assertThat(exam.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.report().orElseThrow().patients().get(0).immunizations()).hasSize(1);
  }
}
