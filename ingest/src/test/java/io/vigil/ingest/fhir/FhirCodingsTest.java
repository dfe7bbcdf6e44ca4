package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.canonical.Coding;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FhirCodingsTest {

  /** The standard systems however Bundles write them; any other URI stays as sent. */
  @ParameterizedTest
  @CsvSource({
    "http://loinc.org, http://loinc.org",
    "https://loinc.org, http://loinc.org",
    "http://loinc.org/, http://loinc.org",
    "urn:oid:2.16.840.1.113883.6.1, http://loinc.org",
    "https://snomed.info/sct, http://snomed.info/sct",
    "http://snomed.info/sct/731000124108, http://snomed.info/sct",
    "https://hl7.org/fhir/sid/cvx/, http://hl7.org/fhir/sid/cvx",
    "urn:oid:2.16.840.1.113883.12.292, http://hl7.org/fhir/sid/cvx",
    "http://loinc.org/vs, http://loinc.org/vs",
    "https://example.org/lab-codes/, https://example.org/lab-codes/",
    "'', urn:vigil:local:unspecified"
  })
  void namesTheStandardSystemsHoweverTheyAreWritten(String sent, String system) {
    assertThat(FhirCodings.system(sent)).isEqualTo(system);
  }

  @Test
  void findsALoincCodeSentUnderHttps() {
    CodeableConcept concept = new CodeableConcept();
    concept.addCoding().setSystem("https://loinc.org").setCode("94500-6");
    assertThat(FhirCodings.codeIn(concept, Coding.LOINC)).contains("94500-6");
  }
}
