package io.vigil.ingest.intake;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WARN per sender (credentials, else facility) and minute while its messages are refused by its
 * rate limit, with how many were refused since the last line. The rate-limit metric carries no
 * facility label (one series per lab would not stay small), so on-call had no way to learn which
 * lab was held back (ops6). Facility ids name labs, not patients.
 */
final class RateLimitWarnings {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimitWarnings.class);
  static final Duration EVERY = Duration.ofMinutes(1);

  private final LongSupplier nanoTime;
  private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

  RateLimitWarnings(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Refused since the last line written, and when that was. */
  private static final class Window {
    final AtomicLong refused = new AtomicLong();
    volatile long loggedAt;
    volatile boolean logged;
  }

  /**
   * Counts a refusal; writes the facility's line when a minute has passed since its last.
   *
   * @return the refusals the line written now counts, 0 when none was written
   */
  long refused(String facility, String transport) {
    String key = facility.isEmpty() ? "(none)" : facility;
    Window w = windows.computeIfAbsent(key, k -> new Window());
    w.refused.incrementAndGet();
    long now = nanoTime.getAsLong();
    long count;
    synchronized (w) {
      if (w.logged && now - w.loggedAt < EVERY.toNanos()) {
        return 0;
      }
      w.logged = true;
      w.loggedAt = now;
      count = w.refused.getAndSet(0);
    }
    LOG.warn(
        "sender over its rate limit, messages refused [sender: {}, transport: {},"
            + " refusedSinceLastLine: {}]",
        key,
        transport,
        count);
    return count;
  }
}
