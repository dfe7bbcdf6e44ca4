package io.vigil.ingest.intake;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One log line per key (a lab, a credential) and minute for an event that can repeat thousands of
 * times a second, with how many happened since the last line: the first is told at once, the rest
 * of the minute's are counted into the next. Used for rate-limit refusals (on-call had no way to
 * learn which lab was held back, ops6) and for refused messages naming another lab's facility (one
 * request of 33,000 such messages wrote 33,000 security lines, burying the rest: red-team review).
 * The keys are bounded: made-up values cannot grow memory.
 */
final class RepeatedWarnings {
  static final Duration EVERY = Duration.ofMinutes(1);

  /** Past this many keys the windows start afresh (a flood of made-up keys logs a bit more). */
  static final int MAX_KEYS = 10_000;

  private final LongSupplier nanoTime;
  private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

  RepeatedWarnings(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Keys held now. */
  int keys() {
    return windows.size();
  }

  /** Events since the last line written, and when that was. */
  private static final class Window {
    final AtomicLong events = new AtomicLong();
    volatile long loggedAt;
    volatile boolean logged;
  }

  /**
   * Counts an event of {@code key}.
   *
   * @return the events the line to write now counts (this one included); 0 when no line is due
   */
  long due(String key) {
    if (windows.size() >= MAX_KEYS && !windows.containsKey(key)) {
      windows.clear();
    }
    Window w = windows.computeIfAbsent(key, k -> new Window());
    w.events.incrementAndGet();
    long now = nanoTime.getAsLong();
    synchronized (w) {
      if (w.logged && now - w.loggedAt < EVERY.toNanos()) {
        return 0;
      }
      w.logged = true;
      w.loggedAt = now;
      return w.events.getAndSet(0);
    }
  }
}
