package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.validation.Finding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class BundleReaderTest {

  private static BundleReader.Read read(String body) {
    return BundleReader.read(body.getBytes(StandardCharsets.UTF_8));
  }

  private static String lab(String observationValue) throws Exception {
    String lab = new String(FhirGoldenTest.fixture("lab_message"), StandardCharsets.UTF_8);
    int from = lab.indexOf("\"valueCodeableConcept\"");
    int to = lab.indexOf("\"specimen\"", from);
    return lab.substring(0, from) + observationValue + ",\n" + lab.substring(to);
  }

  @Test
  void refusesAResourceGivenAsAStringInsteadOfFailing() {
    // HAPI's parser threw NullPointerException ("theResource must not be null"): a 500.
    BundleReader.Read r =
        read("{\"resourceType\":\"Bundle\",\"type\":\"message\",\"entry\":[{\"resource\":\"x\"}]}");
    assertThat(r.parsed()).isFalse();
    assertThat(r.findings()).extracting(Finding::code).containsExactly("RESOURCE_UNREADABLE");
  }

  @Test
  void refusesAHugeExponentQuicklyInsteadOfExpandingIt() throws Exception {
    // 1e999999 took HAPI 20-60 s of CPU (a million-digit BigDecimal); 1e99999999 never ended.
    String body = lab("\"valueQuantity\": {\"value\": 1e99999999, \"unit\": \"ug/dL\"}");
    BundleReader.Read r =
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> read(body));
    assertThat(r.parsed()).isFalse();
    assertThat(r.findings()).extracting(Finding::code).containsExactly("VALUE_OUT_OF_RANGE");
    assertThat(r.findings().get(0).location())
        .isEqualTo("Bundle.entry[5].resource.valueQuantity.value");
  }

  @Test
  void refusesA400DigitInteger() throws Exception {
    String body = lab("\"valueQuantity\": {\"value\": 1" + "0".repeat(400) + "}");
    assertThat(read(body).findings()).extracting(Finding::code).contains("VALUE_OUT_OF_RANGE");
  }

  @Test
  void readsOrdinaryQuantities() throws Exception {
    BundleReader.Read r = read(lab("\"valueQuantity\": {\"value\": 2.5e1, \"unit\": \"ug/dL\"}"));
    assertThat(r.parsed()).isTrue();
    assertThat(r.findings()).noneMatch(Finding::isError);
  }

  @Test
  void locatesAnInvalidValueByItsFullPath() throws Exception {
    // HAPI names only the element ("valueString"): the sender could not tell which one.
    String body =
        lab("\"valueString\": \"\"")
            .replace("\"gender\": \"female\"", "\"gender\": \"f\"")
            .replaceFirst("\"status\": \"final\"", "\"status\": \"banana\"");
    BundleReader.Read r = read(body);
    assertThat(r.parsed()).isTrue();
    assertThat(r.findings())
        .filteredOn(f -> f.code().equals("VALUE_INVALID"))
        .extracting(Finding::location)
        .containsExactlyInAnyOrder(
            "Bundle.entry[2].resource.gender",
            "Bundle.entry[4].resource.status",
            "Bundle.entry[5].resource.valueString");
  }
}
