package io.vigil.ingest.mllp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * How fast the frame being received arrives, for the minimum rate of a large frame ({@code
 * mllp.min-frame-rate-bytes-per-second}). A frame that holds part of the server's {@link
 * io.vigil.ingest.intake.InboundBudget} (one over 64 KiB) may take the grace plus its bytes at the
 * minimum rate, counted from its {@code VT}; one that falls behind is cut. Without this a frame
 * kept its reservation for as long as one byte per idle timeout arrived: a red-team review held the
 * whole budget with a few dozen connections dripping the ends of 7-10 MB frames, and every other
 * sender's large message was answered {@code HUB_BUSY}. The rule is Apache mod_reqtimeout's {@code
 * MinRate}; interface engines time out an incomplete message however active it is.
 *
 * <p>Time while the hub itself does not read the connection (paused for messages in flight) does
 * not count: the sender cannot send then.
 *
 * <p>Not thread-safe: one per connection, used on its event loop.
 */
final class FramePace {
  /** Frames cut for arriving too slowly; exported as {@code vigil_mllp_slow_frames_total}. */
  static final String SLOW_FRAMES = "vigil.mllp.slow.frames";

  private final long bytesPerSecond; // 0: no minimum
  private final long graceNanos;
  private long startNanos;
  private long pausedNanos; // paused time within the current frame
  private long pausedSinceNanos = -1; // -1: reading

  FramePace(long bytesPerSecond, Duration grace) {
    this.bytesPerSecond = bytesPerSecond;
    this.graceNanos = grace.toNanos();
  }

  /** The counter of slow frames, registered (at 0) by the server and found by its connections. */
  static Counter slowFrames(MeterRegistry registry) {
    return Counter.builder(SLOW_FRAMES)
        .description(
            "Large MLLP frames cut for arriving below mllp.min-frame-rate-bytes-per-second")
        .register(registry);
  }

  long bytesPerSecond() {
    return bytesPerSecond;
  }

  boolean enabled() {
    return bytesPerSecond > 0;
  }

  /** A frame's {@code VT} was read at {@code now}. */
  void frameStarted(long now) {
    startNanos = now;
    pausedNanos = 0;
    if (pausedSinceNanos >= 0) {
      pausedSinceNanos = now;
    }
  }

  /** The hub stopped reading the connection. */
  void paused(long now) {
    if (pausedSinceNanos < 0) {
      pausedSinceNanos = now;
    }
  }

  /** The hub reads the connection again. */
  void resumed(long now) {
    if (pausedSinceNanos >= 0) {
      pausedNanos += now - pausedSinceNanos;
      pausedSinceNanos = -1;
    }
  }

  /** Time the current frame has been received over, without the hub's pauses. */
  long elapsedNanos(long now) {
    long paused = pausedNanos + (pausedSinceNanos >= 0 ? now - pausedSinceNanos : 0);
    return now - startNanos - paused;
  }

  /**
   * True when the current frame, {@code bytes} received so far, is behind: more time has passed
   * than the grace plus those bytes at the minimum rate.
   */
  boolean tooSlow(long bytes, long now) {
    if (!enabled()) {
      return false;
    }
    double allowedNanos = graceNanos + bytes * 1e9 / bytesPerSecond;
    return elapsedNanos(now) > allowedNanos;
  }

  /** How often an idle connection must look at its frame so a stalled one is cut in time. */
  long checkEveryMillis(long fallbackMillis) {
    return enabled()
        ? Math.min(fallbackMillis, Math.max(250, graceNanos / 2_000_000))
        : fallbackMillis;
  }
}
