package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.ingest.canonical.CanonicalReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A FHIR Bundle's processing id, read from the tags senders carry MSH-11 in. */
class ProcessingTagTest {

  private static JsonObject bundle() throws IOException {
    return new JsonObject(
        new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8));
  }

  private static JsonObject header(JsonObject bundle) {
    return bundle.getJsonArray("entry").getJsonObject(0).getJsonObject("resource");
  }

  private static JsonObject coding(String system, String code) {
    return new JsonObject().put("system", system).put("code", code);
  }

  /**
   * Adds {@code coding} to {@code element} ({@code tag} or {@code security}) of a resource's meta.
   */
  private static void tag(JsonObject resource, String element, JsonObject coding) {
    JsonObject meta = resource.getJsonObject("meta", new JsonObject());
    resource.put("meta", meta);
    JsonArray codings = meta.getJsonArray(element, new JsonArray());
    meta.put(element, codings.add(coding));
  }

  private static String processingId(JsonObject bundle) {
    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            bundle.encode().getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);
    assertThat(exam.findings()).noneMatch(f -> f.isError());
    return exam.report().orElseThrow().processingId();
  }

  @Test
  void anUntaggedBundleIsProduction() throws IOException {
    assertThat(processingId(bundle())).isEqualTo(CanonicalReport.PRODUCTION);
  }

  /** ReportStream tags the MessageHeader; the v2-to-FHIR mapping allows the Bundle too. */
  @ParameterizedTest
  @CsvSource({"header,T", "header,D", "header,P", "bundle,T", "bundle,D"})
  void readsTheV2ProcessingIdTagOfTheMessageHeaderOrTheBundle(String on, String code)
      throws IOException {
    JsonObject b = bundle();
    tag(on.equals("header") ? header(b) : b, "tag", coding(ProcessingTag.V2_0103, code));
    assertThat(processingId(b)).isEqualTo(code);
  }

  @Test
  void testHealthDataAsATagOrASecurityLabelIsTraining() throws IOException {
    JsonObject tagged = bundle();
    tag(tagged, "tag", coding(ProcessingTag.ACT_REASON, "HTEST"));
    JsonObject labelled = bundle();
    tag(header(labelled), "security", coding(ProcessingTag.ACT_REASON, "HTEST"));

    assertThat(processingId(tagged)).isEqualTo("T");
    assertThat(processingId(labelled)).isEqualTo("T");
  }

  /** A test tag anywhere keeps the report out of production trends, whatever else says P. */
  @Test
  void aTestTagWinsOverAProductionTag() throws IOException {
    JsonObject b = bundle();
    tag(b, "tag", coding(ProcessingTag.V2_0103, "P"));
    tag(header(b), "tag", coding(ProcessingTag.V2_0103, "T"));
    assertThat(processingId(b)).isEqualTo("T");
  }

  /** Older converters write table 0103 under its DSTU2/STU3 URI or its OID. */
  @ParameterizedTest
  @CsvSource({"http://hl7.org/fhir/v2/0103,T", "urn:oid:2.16.840.1.113883.12.103,D"})
  void readsTheTablesOlderNames(String system, String code) throws IOException {
    JsonObject b = bundle();
    tag(b, "tag", coding(system, code));
    assertThat(processingId(b)).isEqualTo(code);
  }

  /** The answer points at the element that said so. */
  @Test
  void findsWhereTheTagIs() throws IOException {
    JsonObject b = bundle();
    tag(b, "tag", coding(ProcessingTag.V2_0103, "P"));
    tag(header(b), "tag", coding("http://example.org", "x"));
    tag(header(b), "security", coding(ProcessingTag.ACT_REASON, "HTEST"));
    org.hl7.fhir.r4.model.Bundle parsed =
        BundleReader.read(b.encode().getBytes(StandardCharsets.UTF_8)).bundle();

    assertThat(ProcessingTag.find(parsed))
        .contains(new ProcessingTag.Found("T", "Bundle.entry[0].resource.meta.security[0]"));
    assertThat(
            ProcessingTag.find(
                BundleReader.read(bundle().encode().getBytes(StandardCharsets.UTF_8)).bundle()))
        .isEmpty();
  }

  @Test
  void otherTagsAndUnknownCodesLeaveItProduction() throws IOException {
    JsonObject b = bundle();
    tag(b, "tag", coding("http://example.org/tags", "T"));
    tag(b, "tag", coding(ProcessingTag.V2_0103, "X"));
    tag(header(b), "security", coding(ProcessingTag.ACT_REASON, "TREAT"));
    assertThat(processingId(b)).isEqualTo("P");
  }
}
