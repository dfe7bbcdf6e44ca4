package io.vigil.ingest.intake;

import io.vigil.ingest.sender.LoggableText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sender's message and byte rate limits (token buckets keyed by {@link SenderCheck#limitKey}),
 * and the WARN line that names who is held back: one per sender and minute with the count, as the
 * rate-limit metric has no per-lab label (ops6).
 */
final class SenderLimits {
  private static final Logger LOG = LoggerFactory.getLogger(SenderLimits.class);

  private final SenderRateLimiter messages;
  private final SenderRateLimiter bytes;
  private final RepeatedWarnings warnings = new RepeatedWarnings(System::nanoTime);

  SenderLimits(RateLimitConfig config) {
    this.messages = new SenderRateLimiter(config);
    this.bytes = SenderRateLimiter.ofBytes(config, System::nanoTime);
  }

  /**
   * How long until a message of {@code raw} bytes over its sender's message or byte rate would be
   * taken; 0 when it is not over, its tokens then taken.
   */
  long overLimit(String key, byte[] raw) {
    long wait = messages.acquire(key);
    return wait > 0 ? wait : bytes.acquire(key, SenderRateLimiter.kib(raw.length));
  }

  /**
   * Reserves a batch message's turn under both limits: the wait before it, or -1 when either is
   * more than {@code maxNanos} away (a token taken from the other is then spent: the sender is over
   * its limit anyway).
   */
  long reserve(String key, byte[] raw, long maxNanos) {
    long wait = messages.reserve(key, maxNanos);
    if (wait < 0) {
      return -1;
    }
    long byteWait = bytes.reserve(key, maxNanos, SenderRateLimiter.kib(raw.length));
    return byteWait < 0 ? -1 : Math.max(wait, byteWait);
  }

  /** Tells of a message refused by the limit of {@code label} (credentials, else facility). */
  void refused(String label, String transport) {
    long n = warnings.due(label);
    if (n > 0) {
      LOG.warn(
          "sender over its rate limit, messages refused [sender: {}, transport: {},"
              + " refusedSinceLastLine: {}]",
          LoggableText.of(label.isEmpty() ? "(none)" : label),
          transport,
          n);
    }
  }
}
