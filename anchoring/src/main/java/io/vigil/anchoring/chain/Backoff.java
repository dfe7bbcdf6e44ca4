package io.vigil.anchoring.chain;

import java.time.Duration;

/** Exponential backoff: {@code base × 2^(attempt-1)}, capped at {@code max}. */
record Backoff(Duration base, Duration max) {

  /** The delay after failed attempt number {@code attempt} (1-based). */
  Duration delay(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt is 1-based");
    }
    int shift = Math.min(attempt - 1, 30);
    long millis = base.toMillis();
    long grown = millis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : millis << shift;
    return Duration.ofMillis(Math.min(grown, max.toMillis()));
  }
}
