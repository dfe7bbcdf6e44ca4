package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.Severity;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class FhirValidatorTest {

  @Test
  void anUnknownObservationStatusWithoutAValueIsAFindingNotAFailure() throws Exception {
    // The unknown code parses to a null status; WITH_RESULT.contains(null) threw NPE (a 500).
    String lab = new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8);
    int from = lab.indexOf("\"valueCodeableConcept\"");
    int to = lab.indexOf("\"specimen\"", from);
    String body =
        (lab.substring(0, from) + lab.substring(to))
            .replace("\"status\": \"final\"", "\"status\": \"banana\"");
    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            body.getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);
    assertThat(exam.disposition()).isEqualTo(Disposition.ERROR);
    assertThat(exam.findings())
        .extracting(Finding::code)
        .contains("VALUE_INVALID", "OBSERVATION_STATUS_MISSING");
  }

  @Test
  void anIdentifierTooLongToIndexIsAcceptedWithAWarning() throws Exception {
    String lab = new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8);
    String body = lab.replace("\"LAB20261120-0001\"", "\"" + "9".repeat(1200) + "\"");
    assertThat(body).as("the fixture's identifier was replaced").isNotEqualTo(lab);
    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            body.getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);
    assertThat(exam.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.findings()).extracting(Finding::code).contains("BUNDLE_IDENTIFIER_TOO_LONG");
    FhirExamination fits =
        FhirGoldenTest.EXAMINER.examine(
            lab.replace("\"LAB20261120-0001\"", "\"" + "9".repeat(900) + "\"")
                .getBytes(StandardCharsets.UTF_8),
            FhirOperation.PROCESS_MESSAGE);
    assertThat(fits.findings())
        .extracting(Finding::code)
        .doesNotContain("BUNDLE_IDENTIFIER_TOO_LONG");
  }

  /** The golden lab message, parsed: its Observation is entry 5. */
  private static Bundle labMessage() throws Exception {
    return Fhir.context()
        .newJsonParser()
        .parseResource(
            Bundle.class,
            new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8));
  }

  @Test
  void aDanglingReferenceTheHubDoesNotFollowIsAWarningAtItsElement() throws Exception {
    // EHRs reference the Practitioner, ServiceRequest and Encounter they keep on their server.
    Bundle bundle = labMessage();
    Observation o = (Observation) bundle.getEntry().get(5).getResource();
    o.addPerformer(new Reference("Practitioner/123"));
    o.addBasedOn(new Reference("ServiceRequest/abc"));
    Encounter encounter = new Encounter();
    encounter.addLocation().setLocation(new Reference("Location/elsewhere"));
    bundle
        .addEntry()
        .setFullUrl("urn:uuid:00000000-0000-4000-8000-0000000000e1")
        .setResource(encounter);

    FhirExamination exam = FhirGoldenTest.examine(bundle);

    assertThat(exam.disposition()).as(exam.findings().toString()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.findings())
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactlyInAnyOrder(
            tuple("REFERENCE_UNRESOLVED", Severity.W, "Bundle.entry[5].resource.basedOn[0]"),
            tuple("REFERENCE_UNRESOLVED", Severity.W, "Bundle.entry[5].resource.performer[1]"),
            tuple(
                "REFERENCE_UNRESOLVED",
                Severity.W,
                "Bundle.entry[6].resource.location[0].location"));
    assertThat(exam.report()).isPresent();
  }

  @Test
  void aDanglingReferenceTheHubFollowsIsAnErrorAtItsElement() throws Exception {
    Bundle bundle = labMessage();
    ((Observation) bundle.getEntry().get(5).getResource())
        .setSpecimen(new Reference("Specimen/elsewhere"));
    ((DiagnosticReport) bundle.getEntry().get(4).getResource())
        .addResult(new Reference("Observation/elsewhere"));

    FhirExamination exam = FhirGoldenTest.examine(bundle);

    assertThat(exam.disposition()).isEqualTo(Disposition.ERROR);
    assertThat(exam.findings())
        .filteredOn(f -> f.code().equals("REFERENCE_UNRESOLVED"))
        .extracting(Finding::severity, Finding::location)
        .containsExactlyInAnyOrder(
            tuple(Severity.E, "Bundle.entry[4].resource.result[1]"),
            tuple(Severity.E, "Bundle.entry[5].resource.specimen"));
  }

  @Test
  void leavesATransactionsDeleteAndGetEntriesAsideWithAWarning() throws Exception {
    // bdl-5: an entry needs a resource unless it has a request (or response).
    Bundle bundle =
        Fhir.context()
            .newJsonParser()
            .parseResource(
                Bundle.class,
                BundleReader.decode(FhirGoldenTest.fixture("lab_transaction"))); // has a BOM
    int n = bundle.getEntry().size();
    bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl("Observation/old-1");
    bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient?name=x");
    // Neither resource nor request: still an error.
    bundle.addEntry().setFullUrl("urn:uuid:00000000-0000-4000-8000-0000000000e9");
    byte[] body =
        Fhir.context()
            .newJsonParser()
            .encodeResourceToString(bundle)
            .getBytes(StandardCharsets.UTF_8);

    FhirExamination exam = FhirGoldenTest.EXAMINER.examine(body, FhirOperation.SUBMIT_BUNDLE);

    assertThat(exam.findings())
        .filteredOn(f -> f.code().startsWith("ENTRY_"))
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactlyInAnyOrder(
            tuple("ENTRY_REQUEST_NOT_PROCESSED", Severity.W, "Bundle.entry[" + n + "].request"),
            tuple(
                "ENTRY_REQUEST_NOT_PROCESSED", Severity.W, "Bundle.entry[" + (n + 1) + "].request"),
            tuple("ENTRY_RESOURCE_MISSING", Severity.E, "Bundle.entry[" + (n + 2) + "]"));
    bundle.getEntry().remove(n + 2);
    FhirExamination withoutEmpty =
        FhirGoldenTest.EXAMINER.examine(
            Fhir.context()
                .newJsonParser()
                .encodeResourceToString(bundle)
                .getBytes(StandardCharsets.UTF_8),
            FhirOperation.SUBMIT_BUNDLE);
    assertThat(withoutEmpty.disposition())
        .as(withoutEmpty.findings().toString())
        .isEqualTo(Disposition.ACCEPT);
  }

  /**
   * A clinical note (US Core's note DiagnosticReport: an H&P as presentedForm, in every EHR export)
   * is no lab report: no lab warnings. A lab report without results still has them.
   */
  @Test
  void warnsOfMissingResultsOnLabReportsOnly() throws Exception {
    Bundle bundle =
        (Bundle)
            Fhir.context()
                .newJsonParser()
                .parseResource(
                    new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8));
    DiagnosticReport note = new DiagnosticReport();
    note.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL)
        .setSubject(
            new Reference(
                bundle.getEntry().stream()
                    .filter(e -> e.getResource() instanceof org.hl7.fhir.r4.model.Patient)
                    .findFirst()
                    .orElseThrow()
                    .getFullUrl()))
        .setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-11-19T09:15:00-05:00"))
        .addPresentedForm()
        .setContentType("text/plain")
        .setData("SCAm".getBytes(StandardCharsets.UTF_8));
    note.getCode().addCoding().setSystem("http://loinc.org").setCode("34117-2");
    note.addCategory().addCoding().setSystem("http://loinc.org").setCode("LP29684-5");
    bundle.addEntry().setFullUrl("urn:uuid:00000000-0000-4000-8000-0000000000c1").setResource(note);
    assertThat(FhirGoldenTest.examine(bundle).findings())
        .extracting(Finding::code)
        .doesNotContain("RESULT_MISSING", "SPECIMEN_MISSING");

    note.getCategoryFirstRep()
        .addCoding()
        .setSystem("http://terminology.hl7.org/CodeSystem/v2-0074")
        .setCode("LAB");
    assertThat(FhirGoldenTest.examine(bundle).findings())
        .extracting(Finding::code)
        .contains("RESULT_MISSING", "SPECIMEN_MISSING");
  }

  /** A historical record (primarySource false) has no amount to give; a given dose does. */
  @Test
  void asksForTheDoseQuantityOfAGivenDoseOnly() throws Exception {
    String imm = new String(FhirGoldenTest.fixture("immunization_message"), StandardCharsets.UTF_8);
    int from = imm.indexOf("\"doseQuantity\"");
    int to = imm.indexOf('}', from) + 1;
    String without = imm.substring(0, from) + "\"note\": []" + imm.substring(to);
    assertThat(codes(without)).contains("DOSE_QUANTITY_MISSING");
    assertThat(codes(without.replace("\"primarySource\": true", "\"primarySource\": false")))
        .doesNotContain("DOSE_QUANTITY_MISSING");
  }

  private static java.util.List<String> codes(String body) {
    return FhirGoldenTest.EXAMINER
        .examine(body.getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE)
        .findings()
        .stream()
        .map(Finding::code)
        .toList();
  }
}
