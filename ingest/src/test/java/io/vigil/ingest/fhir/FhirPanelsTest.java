package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.ingest.canonical.LabResult;
import io.vigil.ingest.hl7v2.Disposition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Results that FHIR groups: a multiplex cartridge sent as one Observation with components, and a
 * panel Observation whose members (hasMember) are the results (US Core's lab panels). Components
 * were never read (two positives vanished) and a panel counted as a test of its own.
 */
class FhirPanelsTest {
  private static final String OBSERVATION = "urn:uuid:6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0004";

  /** The golden lab message, its report given an accession number (results' identities). */
  private static JsonObject bundle() throws Exception {
    JsonObject b =
        new JsonObject(new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8));
    resource(b, "DiagnosticReport")
        .put(
            "identifier",
            new JsonArray()
                .add(new JsonObject().put("system", "urn:oid:1.2.3").put("value", "ACC-1")));
    return b;
  }

  private static JsonObject resource(JsonObject bundle, String type) {
    for (Object e : bundle.getJsonArray("entry")) {
      JsonObject r = ((JsonObject) e).getJsonObject("resource");
      if (type.equals(r.getString("resourceType"))) {
        return r;
      }
    }
    throw new AssertionError(type);
  }

  private static JsonObject concept(String system, String code) {
    return new JsonObject()
        .put(
            "coding",
            new JsonArray().add(new JsonObject().put("system", system).put("code", code)));
  }

  private static List<LabResult> results(JsonObject bundle) {
    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            bundle.encode().getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);
    assertThat(exam.disposition()).as("%s", exam.findings()).isEqualTo(Disposition.ACCEPT);
    return exam.report().orElseThrow().patients().get(0).labResults();
  }

  @Test
  void eachComponentOfAMultiplexIsAResult() throws Exception {
    JsonObject b = bundle();
    JsonObject o = resource(b, "Observation");
    o.remove("valueCodeableConcept");
    o.put(
        "component",
        new JsonArray()
            .add(
                new JsonObject()
                    .put("code", concept("http://loinc.org", "94500-6"))
                    .put("valueCodeableConcept", concept("http://snomed.info/sct", "260373001")))
            .add(
                new JsonObject()
                    .put("code", concept("http://loinc.org", "92142-9"))
                    .put("valueCodeableConcept", concept("http://snomed.info/sct", "260415000"))));

    List<LabResult> results = results(b);
    assertThat(results).extracting(r -> r.test().code()).containsExactly("94500-6", "92142-9");
    assertThat(results)
        .extracting(r -> r.codedValue().orElseThrow().code())
        .containsExactly("260373001", "260415000");
    assertThat(results).extracting(LabResult::status).containsOnly("F");
    // Two results, two identities (the report's identifier with each test's code).
    assertThat(results)
        .extracting(LabResult::identity)
        .containsExactly(
            "report|urn:oid:1.2.3|ACC-1|http://loinc.org^94500-6",
            "report|urn:oid:1.2.3|ACC-1|http://loinc.org^92142-9");
  }

  @Test
  void aPanelIsNotAResultItsMembersAreUnderItsReport() throws Exception {
    JsonObject b = bundle();
    String panel = "urn:uuid:6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0099";
    JsonObject member = resource(b, "Observation");
    JsonObject grouper =
        member
            .copy()
            .put("code", concept("http://loinc.org", "94531-1"))
            .put("hasMember", new JsonArray().add(new JsonObject().put("reference", OBSERVATION)));
    grouper.remove("valueCodeableConcept");
    grouper.remove("identifier");
    b.getJsonArray("entry").add(new JsonObject().put("fullUrl", panel).put("resource", grouper));
    resource(b, "DiagnosticReport")
        .put("result", new JsonArray().add(new JsonObject().put("reference", panel)));

    List<LabResult> results = results(b);
    assertThat(results).extracting(r -> r.test().code()).containsExactly("94500-6");
    // The member keeps its report: the same identity as when the report names it directly.
    assertThat(results.get(0).identity())
        .isEqualTo("report|urn:oid:1.2.3|ACC-1|http://loinc.org^94500-6")
        .isEqualTo(results(bundle()).get(0).identity());
  }

  /**
   * An overall answer with a value and its targets as members: the members are results of the same
   * report, so its entered-in-error withdraws them with it (they were read as report-less, counted
   * as final positives without a key).
   */
  @Test
  void theMembersOfAResultWithAValueAreResultsOfItsReport() throws Exception {
    JsonObject b = bundle();
    String target = "urn:uuid:6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0098";
    JsonObject overall = resource(b, "Observation");
    JsonObject n1 =
        overall.copy().put("code", concept("http://loinc.org", "94309-2")).put("id", "n1");
    n1.remove("identifier");
    b.getJsonArray("entry").add(new JsonObject().put("fullUrl", target).put("resource", n1));
    overall.put("hasMember", new JsonArray().add(new JsonObject().put("reference", target)));

    List<LabResult> results = results(b);
    assertThat(results).extracting(r -> r.test().code()).containsExactly("94500-6", "94309-2");
    assertThat(results.get(1).identity())
        .isEqualTo("report|urn:oid:1.2.3|ACC-1|http://loinc.org^94309-2");

    resource(b, "DiagnosticReport").put("status", "entered-in-error");
    assertThat(results(b)).extracting(LabResult::status).containsOnly("W");
  }
}
