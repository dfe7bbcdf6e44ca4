package io.vigil.ingest.mllp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FramePaceTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aFrameMayTakeTheGracePlusItsBytesAtTheMinimumRate() {
    FramePace pace = new FramePace(1_000, Duration.ofSeconds(2));
    pace.frameStarted(100 * SECOND);
    // 10,000 bytes may take 2 + 10 s.
    assertThat(pace.tooSlow(10_000, 111 * SECOND)).isFalse();
    assertThat(pace.tooSlow(10_000, 112 * SECOND + 1)).isTrue();
    // More bytes buy more time: a steady sender above the rate is never behind.
    assertThat(pace.tooSlow(20_000, 112 * SECOND + 1)).isFalse();
  }

  @Test
  void aNewFrameStartsItsOwnClock() {
    FramePace pace = new FramePace(1_000, Duration.ofSeconds(1));
    pace.frameStarted(0);
    assertThat(pace.tooSlow(100_000, 200 * SECOND)).isTrue();
    pace.frameStarted(200 * SECOND);
    assertThat(pace.tooSlow(100_000, 200 * SECOND)).isFalse();
  }

  @Test
  void timeTheHubDoesNotReadIsNotTheSenders() {
    FramePace pace = new FramePace(1_000, Duration.ofSeconds(1));
    pace.frameStarted(0);
    pace.paused(5 * SECOND);
    assertThat(pace.tooSlow(5_000, 60 * SECOND)).as("still paused").isFalse();
    pace.resumed(60 * SECOND);
    assertThat(pace.elapsedNanos(61 * SECOND)).isEqualTo(6 * SECOND);
    assertThat(pace.tooSlow(5_000, 61 * SECOND)).isFalse();
    assertThat(pace.tooSlow(5_000, 62 * SECOND)).isTrue();

    // A pause that began before the frame counts from the frame's start only.
    pace.paused(70 * SECOND);
    pace.frameStarted(80 * SECOND);
    pace.resumed(90 * SECOND);
    assertThat(pace.elapsedNanos(91 * SECOND)).isEqualTo(SECOND);
  }

  /**
   * A frame sent fast and then left silent is cut one window after it went quiet: by the whole
   * frame's average alone, 10 MB sent in a second held its budget for ten minutes (skeptic).
   */
  @Test
  void aFrameSentFastThenLeftSilentIsCutAfterAWindow() {
    FramePace pace = new FramePace(16_384, Duration.ofSeconds(10));
    pace.frameStarted(0);
    long frame = 9_900_000;
    assertThat(pace.tooSlow(frame, SECOND)).isFalse();
    assertThat(pace.tooSlow(frame, 10 * SECOND)).as("first window, with the grace").isFalse();
    assertThat(pace.tooSlow(frame, 15 * SECOND)).as("window not over").isFalse();
    assertThat(pace.tooSlow(frame, 20 * SECOND)).as("a silent window").isTrue();
    // A steady sender at twice the rate is never cut, window after window.
    FramePace steady = new FramePace(16_384, Duration.ofSeconds(10));
    steady.frameStarted(0);
    for (int s = 1; s <= 300; s++) {
      assertThat(steady.tooSlow(65_536 + 32_768L * s, s * SECOND)).as("second " + s).isFalse();
    }
  }

  @Test
  void zeroBytesPerSecondIsNoMinimum() {
    FramePace pace = new FramePace(0, Duration.ofSeconds(1));
    pace.frameStarted(0);
    assertThat(pace.enabled()).isFalse();
    assertThat(pace.tooSlow(70_000, 3_600 * SECOND)).isFalse();
    assertThat(pace.checkEveryMillis(75_000)).isEqualTo(75_000);
  }

  @Test
  void aStalledFrameIsLookedAtWithinHalfTheGrace() {
    assertThat(new FramePace(16_384, Duration.ofSeconds(10)).checkEveryMillis(75_000))
        .isEqualTo(5_000);
    assertThat(new FramePace(16_384, Duration.ZERO).checkEveryMillis(75_000)).isEqualTo(250);
    assertThat(new FramePace(16_384, Duration.ofSeconds(10)).checkEveryMillis(1_000))
        .isEqualTo(1_000);
  }
}
