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
    assertThat(FhirLabResults.identity(o, dr, PCR)).isEqualTo("observation|urn:oid:1.2.3|RES-9");
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
