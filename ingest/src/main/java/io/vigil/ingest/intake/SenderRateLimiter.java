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
  private final long burst;
  private final long toleranceNanos;
  private final LongSupplier nanoTime;
  private final Map<String, AtomicLong> buckets = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep = new AtomicLong();

  /** The message limit of {@code config}, reading {@link System#nanoTime()}. */
  public SenderRateLimiter(RateLimitConfig config) {
    this(config, System::nanoTime);
  }

  /** The message limit of {@code config}, with an explicit monotonic clock in nanoseconds. */
  public SenderRateLimiter(RateLimitConfig config, LongSupplier nanoTime) {
    this(config.messagesPerSecond(), config.burst(), nanoTime);
  }

  /**
   * The byte limit of {@code config}, counted in KiB (a message costs its size, rounded up): a
   * bucket's arithmetic stays in whole nanoseconds per unit at any sensible rate.
   */
  public static SenderRateLimiter ofBytes(RateLimitConfig config, LongSupplier nanoTime) {
    return new SenderRateLimiter(
        config.bytesPerSecond() / 1024.0, config.burstBytes() / 1024, nanoTime);
  }

  private SenderRateLimiter(double unitsPerSecond, long burst, LongSupplier nanoTime) {
    this.enabled = unitsPerSecond > 0;
    this.intervalNanos = enabled ? Math.max(1, (long) (1e9 / unitsPerSecond)) : 0;
    this.burst = Math.max(1, burst);
    this.toleranceNanos = enabled ? intervalNanos * (this.burst - 1) : 0;
    this.nanoTime = nanoTime;
    this.lastSweep.set(nanoTime.getAsLong() - 1_000_000_000L);
  }

  /** The units a message of {@code bytes} costs in a byte limiter: KiB, rounded up. */
  public static long kib(long bytes) {
    return Math.max(1, (bytes + 1023) / 1024);
  }

  /**
   * Takes one message's token for {@code sender}.
   *
   * @return 0 when the message may proceed, otherwise the nanoseconds until the sender may send
   *     again
   */
  public long acquire(String sender) {
    return acquire(sender, 1);
  }

  /** As {@link #acquire(String)}, for a message that costs {@code units} tokens. */
  public long acquire(String sender, long units) {
    long taken = take(sender, 0, units);
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
    return reserve(sender, maxWaitNanos, 1);
  }

  /** As {@link #reserve(String, long)}, for a message that costs {@code units} tokens. */
  public long reserve(String sender, long maxWaitNanos, long units) {
    long taken = take(sender, maxWaitNanos, units);
    return taken < 0 ? -1 : taken;
  }

  /**
   * The tokens of the sender's next turn, taken when that turn is at most {@code maxWaitNanos}
   * away: the wait (≥ 0) when taken, minus the wait (< 0) when not. {@code units} tokens are {@code
   * units} cells sent back to back; more than the burst are charged as the burst, so a message
   * larger than the bucket passes when the bucket is full instead of never.
   */
  private long take(String sender, long maxWaitNanos, long units) {
    if (!enabled) {
      return 0;
    }
    long cost = Math.min(Math.max(1, units), burst);
    AtomicLong bucket = bucket(sender);
    long now = nanoTime.getAsLong();
    while (true) {
      long tat = bucket.get();
      long start = tat - now > 0 ? tat : now; // an idle bucket restarts from now (full)
      long wait = Math.max(0, start + (cost - 1) * intervalNanos - now - toleranceNanos);
      if (wait > maxWaitNanos) {
        return -wait;
      }
      if (bucket.compareAndSet(tat, start + cost * intervalNanos)) {
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
