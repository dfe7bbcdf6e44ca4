package io.vigil.ingest.intake;

/**
 * Per-sender rate limit on HL7 v2 intake (MLLP and HTTP alike): a token bucket per sending facility
 * (MSH-4), refilled at {@code messagesPerSecond} and holding at most {@code burst} messages. A
 * message over the limit is answered {@code AR} (MLLP, ERR code {@code RATE_LIMITED}) or {@code
 * 429} with {@code Retry-After} (HTTP), and stored for audit without claiming its control id, so
 * the resend is processed normally.
 *
 * <p>The defaults (1,000 messages/s, burst 2,000) are far above what one lab or EHR interface sends
 * and about a quarter of what one hub instance ingests on two cores: they stop one runaway sender
 * from starving the others without ever touching normal traffic, in dev and production alike.
 *
 * @param messagesPerSecond sustained rate per sender; {@code 0} turns the limit off
 * @param burst messages a sender may send at once after being quiet; at least 1 when enabled
 */
public record RateLimitConfig(double messagesPerSecond, int burst) {

  public RateLimitConfig {
    if (messagesPerSecond < 0 || Double.isNaN(messagesPerSecond)) {
      throw new IllegalArgumentException("messagesPerSecond must be 0 (off) or positive");
    }
    if (messagesPerSecond > 0 && burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1");
    }
  }

  public static RateLimitConfig defaults() {
    return new RateLimitConfig(1000, 2000);
  }

  public static RateLimitConfig off() {
    return new RateLimitConfig(0, 0);
  }

  public boolean enabled() {
    return messagesPerSecond > 0;
  }
}
