package io.vigil.ingest.intake;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One token bucket per sender, lock-free: each bucket is a single {@link AtomicLong} holding its
 * "theoretical arrival time" (the generic cell rate algorithm, equivalent to a token bucket of
 * {@code burst} tokens refilled at the configured rate), updated with one compare-and-set per
 * message. No database access, no lock shared between senders.
 *
 * <p>Memory stays bounded whatever MSH-4 values arrive: past {@value #MAX_SENDERS} tracked senders
 * the buckets that have refilled completely (idle senders) are dropped, and if every bucket is
 * still busy, senders beyond the cap share one overflow bucket.
 */
public final class SenderRateLimiter {

  static final int MAX_SENDERS = 10_000;
  private static final String OVERFLOW = "\u0000overflow";

  private final boolean enabled;
  private final long intervalNanos;
  private final long toleranceNanos;
  private final LongSupplier nanoTime;
  private final Map<String, AtomicLong> buckets = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep = new AtomicLong();

  /** A limiter reading {@link System#nanoTime()}. */
  public SenderRateLimiter(RateLimitConfig config) {
    this(config, System::nanoTime);
  }

  /** A limiter with an explicit monotonic clock in nanoseconds (tests). */
  public SenderRateLimiter(RateLimitConfig config, LongSupplier nanoTime) {
    this.enabled = config.enabled();
    this.intervalNanos = enabled ? Math.max(1, (long) (1e9 / config.messagesPerSecond())) : 0;
    this.toleranceNanos = enabled ? intervalNanos * (config.burst() - 1L) : 0;
    this.nanoTime = nanoTime;
    this.lastSweep.set(nanoTime.getAsLong() - 1_000_000_000L);
  }

  /**
   * Takes one message's token for {@code sender}.
   *
   * @return 0 when the message may proceed, otherwise the nanoseconds until the sender may send
   *     again
   */
  public long acquire(String sender) {
    long taken = take(sender, 0);
    return taken < 0 ? -taken : 0;
  }

  /**
   * Reserves one message's token for {@code sender} even when it is not due yet, for a message that
   * can wait its turn (one of a batch, whose sender waits for one answer to all of them).
   *
   * @return the nanoseconds to wait before the message proceeds (0: at once), or -1 when that would
   *     be longer than {@code maxWaitNanos}; nothing is reserved then
   */
  public long reserve(String sender, long maxWaitNanos) {
    long taken = take(sender, maxWaitNanos);
    return taken < 0 ? -1 : taken;
  }

  /**
   * The token of the sender's next turn, taken when that turn is at most {@code maxWaitNanos} away:
   * the wait (≥ 0) when taken, minus the wait (< 0) when not.
   */
  private long take(String sender, long maxWaitNanos) {
    if (!enabled) {
      return 0;
    }
    AtomicLong bucket = bucket(sender);
    long now = nanoTime.getAsLong();
    while (true) {
      long tat = bucket.get();
      long start = tat - now > 0 ? tat : now; // an idle bucket restarts from now (full)
      long wait = Math.max(0, start - now - toleranceNanos);
      if (wait > maxWaitNanos) {
        return -wait;
      }
      if (bucket.compareAndSet(tat, start + intervalNanos)) {
        return wait;
      }
    }
  }

  /** Senders currently tracked (for tests and the bound). */
  int trackedSenders() {
    return buckets.size();
  }

  private AtomicLong bucket(String sender) {
    AtomicLong bucket = buckets.get(sender);
    if (bucket != null) {
      return bucket;
    }
    if (buckets.size() >= MAX_SENDERS) {
      long now = nanoTime.getAsLong();
      long last = lastSweep.get();
      // At most one sweep a second: a flood of made-up MSH-4 values must not make every message
      // walk the whole map.
      if (now - last >= 1_000_000_000L && lastSweep.compareAndSet(last, now)) {
        buckets.values().removeIf(b -> b.get() - now <= 0);
      }
      if (buckets.size() >= MAX_SENDERS) {
        return buckets.computeIfAbsent(OVERFLOW, k -> new AtomicLong(now));
      }
    }
    return buckets.computeIfAbsent(sender, k -> new AtomicLong(nanoTime.getAsLong()));
  }
}
