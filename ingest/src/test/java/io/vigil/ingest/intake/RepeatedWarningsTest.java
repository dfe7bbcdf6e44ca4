package io.vigil.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RepeatedWarningsTest {
  /** The first event is told at once; the rest of the minute's are counted into the next line. */
  @Test
  void oneLinePerKeyAndMinuteWithTheCount() {
    AtomicLong now = new AtomicLong();
    RepeatedWarnings warnings = new RepeatedWarnings(now::get);
    assertThat(warnings.due("05D0000001")).isEqualTo(1);
    for (int i = 0; i < 4; i++) {
      assertThat(warnings.due("05D0000001")).isZero();
    }
    assertThat(warnings.due("05D0000002")).as("another lab").isEqualTo(1);
    now.addAndGet(RepeatedWarnings.EVERY.toNanos() - 1);
    assertThat(warnings.due("05D0000001")).isZero();
    now.addAndGet(1);
    assertThat(warnings.due("05D0000001")).isEqualTo(6);
  }

  /** Made-up keys cannot grow memory: past the bound the windows start afresh. */
  @Test
  void keysAreBounded() {
    RepeatedWarnings warnings = new RepeatedWarnings(() -> 0L);
    for (int i = 0; i < RepeatedWarnings.MAX_KEYS * 3; i++) {
      assertThat(warnings.due("made-up-" + i)).isEqualTo(1);
    }
    assertThat(warnings.keys()).isLessThanOrEqualTo(RepeatedWarnings.MAX_KEYS);
    assertThat(warnings.due("made-up-0")).as("forgotten, told again").isEqualTo(1);
  }
}
