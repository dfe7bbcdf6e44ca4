package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The record id of an Immunization (what its deletion names): its identifier, else its id; a
 * message's urn:uuid name for the entry is none, as it is new in every message.
 */
class FhirDoseRecordIdTest {

  @Test
  void anImmunizationIsNamedByItsIdentifierElseItsId() throws Exception {
    String bundle =
        new String(FhirGoldenTest.fixture("immunization_message"), StandardCharsets.UTF_8);
    String withIdentifier =
        bundle.replaceFirst(
            "\"id\": \"i1\",",
            "\"id\": \"i1\", \"identifier\": [{\"system\": \"urn:oid:1.2.3\", \"value\":"
                + " \"IMM-77\"}],");
    assertThat(withIdentifier).contains("IMM-77");
    assertThat(recordId(withIdentifier)).isEqualTo("identifier|urn:oid:1.2.3|IMM-77");
    assertThat(recordId(bundle)).isEqualTo("id|i1");
    // Without an id the entry is known by its fullUrl (urn:uuid), which names no record.
    assertThat(recordId(bundle.replaceFirst("\"id\": \"i1\",", ""))).isEmpty();
  }

  private static String recordId(String bundle) throws Exception {
    FhirExamination exam =
        FhirGoldenTest.EXAMINER.examine(
            bundle.getBytes(StandardCharsets.UTF_8), FhirOperation.PROCESS_MESSAGE);
    return exam.report().orElseThrow().patients().get(0).immunizations().get(0).recordId();
  }
}
