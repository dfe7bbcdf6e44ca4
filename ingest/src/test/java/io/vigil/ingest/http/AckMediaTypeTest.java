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

  @ParameterizedTest(name = "Content-Type ''{0}'', Accept ''{1}'' -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // HAPI's HL7 over HTTP client sends application/hl7-v2 and refuses any other answer type
        "application/hl7-v2||application/hl7-v2",
        "Application/HL7-v2; charset=UTF-8||application/hl7-v2",
        "x-application/hl7-v2+er7||x-application/hl7-v2+er7",
        "application/hl7-v2+er7|*/*|application/hl7-v2+er7",
        "application/edi-hl7||application/edi-hl7",
        "application/x-hl7||application/x-hl7",
        // generic types (or none) keep the hub's default, unless Accept names an ER7 type
        "text/plain||x-application/hl7-v2+er7",
        "application/octet-stream|*/*|x-application/hl7-v2+er7",
        "||x-application/hl7-v2+er7",
        "text/plain|application/hl7-v2|application/hl7-v2",
        "|application/hl7-v2;q=0.5, application/x-hl7|application/x-hl7",
        "|application/hl7-v2;q=0|x-application/hl7-v2+er7",
        "application/octet-stream|text/plain, application/edi-hl7|application/edi-hl7"
      })
  void labelsTheAcknowledgementWithTheRequestsEr7Type(
      String contentType, String accept, String expected) {
    assertThat(AckMediaType.er7(contentType, accept)).isEqualTo(expected);
  }
}
