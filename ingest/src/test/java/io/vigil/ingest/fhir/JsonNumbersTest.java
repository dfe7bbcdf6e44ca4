package io.vigil.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.validation.Finding;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class JsonNumbersTest {

  @Test
  void acceptsTheNumbersLabReportsCarry() {
    for (String n :
        new String[] {"0", "-0", "7", "0.3", "-12.5", "1e9", "2.5E-12", "1.000000000000000001"}) {
      assertThat(JsonNumbers.inRange(n)).as(n).isTrue();
    }
    assertThat(JsonNumbers.inRange("1e40")).isTrue();
    assertThat(JsonNumbers.inRange("1e-40")).isTrue();
  }

  @Test
  void refusesHugeExponentsLongLiteralsAndExponentsBeyondInt() {
    for (String n :
        new String[] {
          "1e999999",
          "1e-999999",
          "1e41",
          "1e-41",
          "0e999999",
          "1e99999999999",
          "1" + "0".repeat(400)
        }) {
      assertThat(JsonNumbers.inRange(n)).as(n).isFalse();
    }
  }

  @Test
  void findsTheOutOfRangeNumberWithItsPathAndWithoutExpandingIt() {
    String body =
        "{\"resourceType\":\"Bundle\",\"entry\":[{},{\"resource\":{\"valueQuantity\":"
            + "{\"value\":1e999999999}}}]}";
    Optional<Finding> f =
        Assertions.assertTimeoutPreemptively(
            Duration.ofSeconds(2), () -> JsonNumbers.outOfRange(body));
    assertThat(f).isPresent();
    assertThat(f.get().code()).isEqualTo("VALUE_OUT_OF_RANGE");
    assertThat(f.get().isError()).isTrue();
    assertThat(f.get().location()).isEqualTo("Bundle.entry[1].resource.valueQuantity.value");
  }

  @Test
  void leavesMalformedJsonAndStringsThatLookLikeNumbersAlone() {
    assertThat(JsonNumbers.outOfRange("{\"value\": 1e999999")).isPresent(); // seen before the end
    assertThat(JsonNumbers.outOfRange("{\"value\": \"1e999999\"}")).isEmpty();
    assertThat(JsonNumbers.outOfRange("{\"value\": [1, 2,")).isEmpty();
  }
}
