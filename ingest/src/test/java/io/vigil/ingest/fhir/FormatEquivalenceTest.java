package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.ingest.canonical.CanonicalReport;
import io.vigil.ingest.canonical.Hl7v2ReportMapperTestAccess;
import io.vigil.ingest.canonical.ReportKind;
import io.vigil.ingest.hl7v2.TestMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The same report sent as HL7 v2 and as FHIR yields the same canonical record (up to the names of
 * the fields instants were read from), so everything downstream is format-blind.
 */
class FormatEquivalenceTest {

  private static CanonicalReport fhir(String name, FhirOperation op) throws IOException {
    FhirExamination exam = FhirGoldenTest.EXAMINER.examine(FhirGoldenTest.fixture(name), op);
    assertThat(exam.findings()).noneMatch(f -> f.isError());
    return exam.report().orElseThrow();
  }

  @Test
  void oruR01AndItsFhirMessageMapToTheSameReport() throws IOException {
    CanonicalReport hl7 =
        Hl7v2ReportMapperTestAccess.report("/hl7v2/oru_r01/covid_pcr_positive.hl7");
    CanonicalReport fhir = fhir("lab_message", FhirOperation.PROCESS_MESSAGE);

    assertThat(fhir.withoutSources()).isEqualTo(hl7.withoutSources());
    assertThat(fhir.kind()).isEqualTo(ReportKind.LAB);
    assertThat(
            fhir.patients().get(0).labResults().get(0).specimenCollected().orElseThrow().source())
        .isEqualTo("Specimen.collection.collectedDateTime");
    assertThat(fhir.patients().get(0).labResults().get(0).resulted().orElseThrow().source())
        .isEqualTo("DiagnosticReport.issued");
  }

  /** A result sent as text without a code: its text is the value in both formats. */
  @Test
  void aCodedResultSentAsTextOnlyMapsToTheSameReport() throws IOException {
    CanonicalReport hl7 =
        Hl7v2ReportMapperTestAccess.reportOf(
            TestMessages.set(TestMessages.oru(), "OBX", 1, 5, "^Detected"));
    JsonObject bundle =
        new JsonObject(new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8));
    for (Object entry : bundle.getJsonArray("entry")) {
      JsonObject resource = ((JsonObject) entry).getJsonObject("resource");
      if (resource.containsKey("valueCodeableConcept")) {
        resource.put("valueCodeableConcept", new JsonObject().put("text", "Detected"));
      }
    }
    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            bundle.encode().getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);
    assertThat(exam.findings()).noneMatch(f -> f.isError());
    CanonicalReport fhir = exam.report().orElseThrow();

    assertThat(fhir.withoutSources()).isEqualTo(hl7.withoutSources());
    assertThat(fhir.patients().get(0).labResults().get(0).value()).isEqualTo("Detected");
  }

  /** A number's reference range (OBX-7, Observation.referenceRange) reads alike in both formats. */
  @Test
  void aReferenceRangeMapsAlike() throws IOException {
    String oru = TestMessages.set(TestMessages.oru(), "OBX", 1, 2, "NM");
    oru = TestMessages.set(TestMessages.set(oru, "OBX", 1, 5, "4.0"), "OBX", 1, 7, "0.0-3.4");
    CanonicalReport hl7 = Hl7v2ReportMapperTestAccess.reportOf(oru);
    CanonicalReport fhir =
        labWithValue(
            result -> {
              result.put("valueQuantity", new JsonObject().put("value", 4.0));
              result.put(
                  "referenceRange",
                  new io.vertx.core.json.JsonArray()
                      .add(
                          new JsonObject()
                              .put("low", new JsonObject().put("value", 0.0))
                              .put("high", new JsonObject().put("value", 3.4))));
            });

    assertThat(hl7.patients().get(0).labResults().get(0).referenceRange()).isEqualTo("0.0-3.4");
    assertThat(fhir.patients().get(0).labResults().get(0).referenceRange()).isEqualTo("0.0-3.4");
    assertThat(fhir.patients().get(0).labResults().get(0).value())
        .isEqualTo(hl7.patients().get(0).labResults().get(0).value());
  }

  /** A titer below the first dilution: SN {@code <^1^:^10} and a Ratio {@code <1 : 10} alike. */
  @Test
  void aTiterWithItsComparatorMapsAlike() throws IOException {
    CanonicalReport fhir =
        labWithValue(
            result ->
                result.put(
                    "valueRatio",
                    new JsonObject()
                        .put("numerator", new JsonObject().put("value", 1).put("comparator", "<"))
                        .put("denominator", new JsonObject().put("value", 10))));
    // It was "1:10", a titer read as reactive at 1:10 rather than below it.
    assertThat(fhir.patients().get(0).labResults().get(0).value()).isEqualTo("<1:10");
  }

  /** The golden lab message's report, its result's coded value replaced by {@code value}. */
  private static CanonicalReport labWithValue(java.util.function.Consumer<JsonObject> value)
      throws IOException {
    JsonObject bundle =
        new JsonObject(new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8));
    for (Object entry : bundle.getJsonArray("entry")) {
      JsonObject resource = ((JsonObject) entry).getJsonObject("resource");
      if (resource.containsKey("valueCodeableConcept")) {
        resource.remove("valueCodeableConcept");
        value.accept(resource);
      }
    }
    return FhirGoldenTest.EXAMINER
        .examine(bundle.encode().getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE)
        .report()
        .orElseThrow();
  }

  @Test
  void vxuV04AndItsFhirMessageMapToTheSameReport() throws IOException {
    CanonicalReport hl7 = Hl7v2ReportMapperTestAccess.report("/hl7v2/vxu_v04/covid_vaccine.hl7");
    CanonicalReport fhir = fhir("covid_vaccine_twin", FhirOperation.PROCESS_MESSAGE);

    assertThat(fhir.withoutSources()).isEqualTo(hl7.withoutSources());
    assertThat(fhir.kind()).isEqualTo(ReportKind.IMMUNIZATION);
  }

  @Test
  void transactionBatchCollectionDocumentAndSearchsetShapesMapLikeTheMessage() throws IOException {
    CanonicalReport message = fhir("lab_message", FhirOperation.PROCESS_MESSAGE).withoutSources();
    for (String shape : new String[] {"lab_batch", "lab_collection", "lab_document"}) {
      assertThat(fhir(shape, FhirOperation.SUBMIT_BUNDLE).withoutSources().patients())
          .as(shape)
          .isEqualTo(message.patients());
    }
    // The answer of an EHR's FHIR API forwarded as it came: a searchset, its search outcome aside.
    JsonObject searchset =
        new JsonObject(
            new String(FhirGoldenTest.fixture("lab_collection"), StandardCharsets.UTF_8));
    searchset.put("type", "searchset");
    searchset
        .getJsonArray("entry")
        .forEach(e -> ((JsonObject) e).put("search", new JsonObject().put("mode", "match")));
    searchset
        .getJsonArray("entry")
        .add(
            new JsonObject()
                .put(
                    "resource",
                    new JsonObject()
                        .put("resourceType", "OperationOutcome")
                        .put(
                            "issue",
                            new io.vertx.core.json.JsonArray()
                                .add(
                                    new JsonObject()
                                        .put("severity", "information")
                                        .put("code", "informational"))))
                .put("search", new JsonObject().put("mode", "outcome")));
    assertThat(
            FhirGoldenTest.EXAMINER
                .examine(
                    searchset.encode().getBytes(StandardCharsets.UTF_8),
                    FhirOperation.SUBMIT_BUNDLE)
                .report()
                .orElseThrow()
                .withoutSources()
                .patients())
        .isEqualTo(message.patients());
    // Relative references, http fullUrls and a contained Specimen: the same results.
    CanonicalReport transaction = fhir("lab_transaction", FhirOperation.SUBMIT_BUNDLE);
    assertThat(transaction.withoutSources().patients().get(0).labResults())
        .isEqualTo(message.patients().get(0).labResults());
    assertThat(transaction.senderFacility()).isEqualTo("05D0000001");
  }
}
