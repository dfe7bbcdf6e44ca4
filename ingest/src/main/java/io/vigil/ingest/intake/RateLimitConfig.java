package io.vigil.ingest.intake;

/**
 * Per-sender rate limits on HL7 v2 intake (MLLP and HTTP alike): token buckets per sending facility
 * (MSH-4), one counting messages ({@code messagesPerSecond}, holding at most {@code burst}), one
 * counting bytes ({@code bytesPerSecond}, holding at most {@code burstBytes}). A message over
 * either is answered {@code AR} (MLLP, ERR code {@code RATE_LIMITED}) or {@code 429} with {@code
 * Retry-After} (HTTP), and stored for audit without claiming its control id, so the resend is
 * processed normally.
 *
 * <p>The defaults (1,000 messages/s, burst 2,000; 8 MiB/s, burst 64 MiB) are far above what one lab
 * or EHR interface sends: they stop one runaway sender from starving the others — with ordinary
 * messages, or with large ones (a report carrying a PDF costs what a thousand ordinary messages
 * cost) — without ever touching normal traffic, in dev and production alike. A message larger than
 * the byte burst passes when the sender's byte bucket is full, and empties it.
 *
 * @param messagesPerSecond sustained rate per sender; {@code 0} turns the message limit off
 * @param burst messages a sender may send at once after being quiet; at least 1 when enabled
 * @param bytesPerSecond sustained bytes per sender; {@code 0} turns the byte limit off
 * @param burstBytes bytes a sender may send at once after being quiet; at least 1 KiB when enabled
 */
public record RateLimitConfig(
    double messagesPerSecond, int burst, long bytesPerSecond, long burstBytes) {

  static final long MIB = 1024 * 1024;

  public RateLimitConfig {
    if (messagesPerSecond < 0 || Double.isNaN(messagesPerSecond)) {
      throw new IllegalArgumentException("messagesPerSecond must be 0 (off) or positive");
    }
    if (messagesPerSecond > 0 && burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1");
    }
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("bytesPerSecond must be 0 (off) or positive");
    }
    if (bytesPerSecond > 0 && (bytesPerSecond < 1024 || burstBytes < 1024)) {
      throw new IllegalArgumentException("bytesPerSecond and burstBytes must be at least 1 KiB");
    }
  }

  /** A message limit only (tests, benchmarks). */
  public RateLimitConfig(double messagesPerSecond, int burst) {
    this(messagesPerSecond, burst, 0, 0);
  }

  public static RateLimitConfig defaults() {
    return new RateLimitConfig(1000, 2000, 8 * MIB, 64 * MIB);
  }

  public static RateLimitConfig off() {
    return new RateLimitConfig(0, 0, 0, 0);
  }

  /** True when either limit is on. */
  public boolean enabled() {
    return messagesPerSecond > 0 || bytesPerSecond > 0;
  }
}
