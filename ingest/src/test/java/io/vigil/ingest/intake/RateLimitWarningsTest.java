package io.vigil.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitWarningsTest {
  /** The first refusal is told at once; the rest of the minute's are counted into the next line. */
  @Test
  void writesOneLinePerFacilityAndMinuteWithTheCountRefused() {
    AtomicLong now = new AtomicLong();
    RateLimitWarnings warnings = new RateLimitWarnings(now::get);
    assertThat(warnings.refused("05D0000001", "mllp")).isEqualTo(1);
    for (int i = 0; i < 4; i++) {
      assertThat(warnings.refused("05D0000001", "mllp")).isZero();
    }
    assertThat(warnings.refused("05D0000002", "http")).as("another lab").isEqualTo(1);
    now.addAndGet(RateLimitWarnings.EVERY.toNanos() - 1);
    assertThat(warnings.refused("05D0000001", "mllp")).isZero();
    now.addAndGet(1);
    assertThat(warnings.refused("05D0000001", "mllp")).isEqualTo(6);
  }
}
