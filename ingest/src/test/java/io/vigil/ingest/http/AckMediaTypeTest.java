package io.vigil.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AckMediaTypeTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json|true",
        "application/fhir+json|true",
        "APPLICATION/JSON; charset=utf-8|true",
        "x-application/hl7-v2+er7|false",
        "*/*|false",
        "''|false",
        "application/xml|false",
        // browsers and HTTP libraries
        "application/json, text/plain, */*|true",
        "text/plain, application/json|false",
        // weights decide, not the order
        "application/json;q=0.5, x-application/hl7-v2+er7|false",
        "x-application/hl7-v2+er7;q=0.2, application/json|true",
        "application/json;q=0, */*|false",
        "*/*;q=0.1, application/json;q=0.9|true",
        "application/json;q=oops, text/plain;q=0.5|true"
      })
  void weighsTheAcceptHeader(String accept, boolean json) {
    assertThat(AckMediaType.prefersJson(accept)).as(accept).isEqualTo(json);
  }
}
