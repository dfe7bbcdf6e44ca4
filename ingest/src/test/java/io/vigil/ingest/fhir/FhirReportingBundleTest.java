package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.Severity;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A US Public Health "Reporting Bundle" (MedMorph, eCR, Health Care Surveys): a message Bundle
 * whose MessageHeader focuses on a nested Bundle holding the content.
 */
class FhirReportingBundleTest {
  /**
   * The golden lab message as a US Public Health "Reporting Bundle" (MedMorph, eCR, Health Care
   * Surveys): the MessageHeader, then a collection Bundle holding the content, its focus.
   */
  private static Bundle reportingBundle(Bundle.BundleType contentType) throws Exception {
    Bundle outer =
        Bundle.class.cast(
            Fhir.context()
                .newJsonParser()
                .parseResource(
                    new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8)));
    Bundle content = new Bundle().setType(contentType);
    while (outer.getEntry().size() > 1) {
      content.addEntry(outer.getEntry().remove(1));
    }
    String url = "urn:uuid:00000000-0000-4000-8000-0000000000b1";
    outer.addEntry().setFullUrl(url).setResource(content);
    MessageHeader header = (MessageHeader) outer.getEntryFirstRep().getResource();
    header.getFocus().clear();
    header.addFocus(new Reference(url));
    return outer;
  }

  /**
   * The content as a collection (MedMorph) or as a document (eCR: the eICR document Bundle with its
   * Composition, which was refused as holding no report).
   */
  @ParameterizedTest
  @EnumSource(
      value = Bundle.BundleType.class,
      names = {"COLLECTION", "DOCUMENT"})
  void readsTheContentBundleOfAReportingBundle(Bundle.BundleType type) throws Exception {
    Bundle bundle = reportingBundle(type);
    if (type == Bundle.BundleType.DOCUMENT) {
      Bundle content = (Bundle) bundle.getEntry().get(1).getResource();
      org.hl7.fhir.r4.model.Composition eicr = new org.hl7.fhir.r4.model.Composition();
      eicr.setStatus(org.hl7.fhir.r4.model.Composition.CompositionStatus.FINAL)
          .setTitle("Initial Public Health Case Report")
          .getType()
          .addCoding()
          .setSystem("http://loinc.org")
          .setCode("55751-2");
      content.getEntry().add(0, new Bundle.BundleEntryComponent().setResource(eicr));
    }
    FhirExamination nested = FhirGoldenTest.examine(bundle);
    FhirExamination flat =
        FhirGoldenTest.EXAMINER.examine(
            FhirGoldenTest.fixture("lab_message"), FhirOperation.PROCESS_MESSAGE);

    assertThat(nested.findings()).extracting(Finding::severity).doesNotContain(Severity.E);
    assertThat(nested.disposition()).isEqualTo(Disposition.ACCEPT);
    // MessageHeader.sender names the Organization inside the content Bundle.
    assertThat(nested.facilityId()).isEqualTo("05D0000001");
    assertThat(nested.report()).isEqualTo(flat.report());
    assertThat(nested.report().orElseThrow().patients().get(0).labResults()).hasSize(1);
  }

  @Test
  void locatesAFindingInsideTheContentBundle() throws Exception {
    Bundle bundle = reportingBundle(Bundle.BundleType.COLLECTION);
    Bundle content = (Bundle) bundle.getEntry().get(1).getResource();
    ((org.hl7.fhir.r4.model.Observation) content.getEntry().get(4).getResource())
        .setSpecimen(new Reference("Specimen/elsewhere"));

    assertThat(FhirGoldenTest.examine(bundle).findings())
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(
            tuple(
                "REFERENCE_UNRESOLVED",
                Severity.E,
                "Bundle.entry[1].resource.entry[4].resource.specimen"));
  }

  @Test
  void saysANestedBundleOfAnotherTypeIsNotRead() throws Exception {
    FhirExamination exam = FhirGoldenTest.examine(reportingBundle(Bundle.BundleType.SEARCHSET));

    assertThat(exam.disposition()).isEqualTo(Disposition.ERROR);
    assertThat(exam.findings())
        .extracting(Finding::code, Finding::severity, Finding::location)
        .contains(
            tuple("BUNDLE_NESTED_NOT_READ", Severity.W, "Bundle.entry[1].resource"),
            tuple("REPORT_CONTENT_MISSING", Severity.E, "Bundle.entry"));
  }
}
