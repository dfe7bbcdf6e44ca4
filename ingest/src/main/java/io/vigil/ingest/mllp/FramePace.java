package io.vigil.ingest.mllp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * How fast the frame being received arrives, for the minimum rate of a large frame ({@code
 * mllp.min-frame-rate-bytes-per-second}). A frame that holds part of the server's {@link
 * io.vigil.ingest.intake.InboundBudget} (one over 64 KiB) may take the grace plus its bytes at the
 * minimum rate, counted from its {@code VT}, and must keep that rate over every window of the
 * grace's length; one that falls behind is cut. Without this a frame kept its reservation for as
 * long as one byte per idle timeout arrived: a red-team review held the whole budget with a few
 * dozen connections dripping the ends of 7-10 MB frames, and every other sender's large message was
 * answered {@code HUB_BUSY}. The rule is Apache mod_reqtimeout's {@code MinRate}; interface engines
 * time out an incomplete message however active it is.
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
  private long windowStart; // elapsed time (pauses left out) where the current window began
  private long windowBytes; // the frame's bytes then
  private boolean windowGrace; // the window after a frame's start or a pause: the grace applies
  private long lastBytes; // the frame's bytes at the last check
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
    windowStart = 0;
    windowBytes = 0;
    windowGrace = true;
    lastBytes = 0;
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
      // The sender's bytes waited in the network meanwhile: a new window, with the grace.
      windowStart = elapsedNanos(now);
      windowBytes = lastBytes;
      windowGrace = true;
    }
  }

  /** Time the current frame has been received over, without the hub's pauses. */
  long elapsedNanos(long now) {
    long paused = pausedNanos + (pausedSinceNanos >= 0 ? now - pausedSinceNanos : 0);
    return now - startNanos - paused;
  }

  /**
   * True when the current frame, {@code bytes} received so far, is behind: more time has passed
   * than the grace plus those bytes at the minimum rate, or, over the last window of at least the
   * grace, fewer bytes came than the minimum rate asks (the first window after the frame's start or
   * a pause less the grace). The window is what stops a frame sent fast and then left silent: by
   * the whole frame's average, a 10 MB frame sent in a second could hold its budget for ten minutes
   * (skeptic).
   */
  boolean tooSlow(long bytes, long now) {
    if (!enabled()) {
      return false;
    }
    lastBytes = bytes;
    long elapsed = elapsedNanos(now);
    if (elapsed > graceNanos + bytes * 1e9 / bytesPerSecond) {
      return true;
    }
    long window = elapsed - windowStart;
    if (window < graceNanos) {
      return false;
    }
    double owed = (window - (windowGrace ? graceNanos : 0)) / 1e9 * bytesPerSecond;
    if (bytes - windowBytes < owed) {
      return true;
    }
    windowStart = elapsed;
    windowBytes = bytes;
    windowGrace = false;
    return false;
  }

  /** How often an idle connection must look at its frame so a stalled one is cut in time. */
  long checkEveryMillis(long fallbackMillis) {
    return enabled()
        ? Math.min(fallbackMillis, Math.max(250, graceNanos / 2_000_000))
        : fallbackMillis;
  }
}
