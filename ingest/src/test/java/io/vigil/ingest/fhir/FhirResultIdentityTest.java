package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.canonical.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/** A FHIR result is known across its versions by business identifiers, never by resource ids. */
class FhirResultIdentityTest {
  private static final Coding PCR = new Coding(Coding.LOINC, "94500-6", "");

  @Test
  void theObservationsOwnIdentifierComesFirst() {
    Observation o = new Observation();
    o.setId("obs-1");
    o.addIdentifier().setValue(" "); // blank: skipped
    o.addIdentifier().setSystem("urn:oid:1.2.3").setValue("RES-9");
    DiagnosticReport dr = new DiagnosticReport();
    dr.addIdentifier().setSystem("urn:oid:1.2.3").setValue("ACC-1");
    assertThat(FhirLabResults.identity(o, dr, PCR))
        .isEqualTo("observation|urn:oid:1.2.3|RES-9|http://loinc.org^94500-6");
  }

  /**
   * Converters give every Observation of a report the report's identifier (ReportStream, 2022): a
   * COVID-19 negative and an influenza A positive under one identifier are two results.
   */
  @Test
  void anIdentifierSharedByTwoTestsNamesTwoResults() {
    Observation o = new Observation();
    o.addIdentifier().setSystem("urn:id:extID").setValue("1234d1d1");
    assertThat(FhirLabResults.identity(o, null, PCR))
        .isNotEqualTo(
            FhirLabResults.identity(
                o,
                null,
                new io.vigil.ingest.canonical.Coding(
                    io.vigil.ingest.canonical.Coding.LOINC, "92142-9", "")));
  }

  /** Two isolates under one culture code and no identifier of their own are two results. */
  @Test
  void theSameTestTwiceInOneReportIsNumbered() {
    io.vigil.ingest.canonical.LabResult salmonella =
        new io.vigil.ingest.canonical.LabResult(
                PCR,
                java.util.Optional.empty(),
                "Salmonella",
                "",
                "F",
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                java.util.Optional.empty())
            .withIdentity("report||ACC-1|http://loinc.org^625-4");
    io.vigil.ingest.canonical.LabResult other =
        salmonella.withIdentity("report||ACC-2|http://loinc.org^625-4");
    assertThat(FhirLabResults.numberRepeats(java.util.List.of(salmonella, salmonella, other)))
        .extracting(io.vigil.ingest.canonical.LabResult::identity)
        .containsExactly(
            "report||ACC-1|http://loinc.org^625-4",
            "report||ACC-1|http://loinc.org^625-4|2",
            "report||ACC-2|http://loinc.org^625-4");
  }

  @Test
  void elseTheReportsIdentifierWithTheTest() {
    Observation o = new Observation();
    o.setId("obs-1");
    DiagnosticReport dr = new DiagnosticReport();
    dr.addIdentifier().setValue("ACC-1");
    assertThat(FhirLabResults.identity(o, dr, PCR))
        .isEqualTo("report||ACC-1|http://loinc.org^94500-6");
  }

  @Test
  void resourceIdsAloneIdentifyNothing() {
    Observation o = new Observation();
    o.setId("obs-1");
    DiagnosticReport dr = new DiagnosticReport();
    dr.setId("dr-1");
    assertThat(FhirLabResults.identity(o, dr, PCR)).isEmpty();
    assertThat(FhirLabResults.identity(o, null, PCR)).isEmpty();
  }
}
