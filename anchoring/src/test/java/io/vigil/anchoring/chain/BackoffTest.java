package io.vigil.anchoring.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesFromBaseUpToMax() {
    Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(3));
    assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(1_000));
    assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(2_000));
    assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(3));
    assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofSeconds(3));
  }
}
