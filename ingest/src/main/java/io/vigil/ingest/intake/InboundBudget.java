package io.vigil.ingest.intake;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory one receiver (the MLLP server, the HTTP API) may hold in large messages: being
 * received (MLLP) or examined and stored, until they are answered. Messages up to {@link
 * #FREE_BYTES} take none, so ordinary traffic never waits on documents; a larger one reserves its
 * bytes and keeps them until its answer is written. One that cannot reserve is answered {@code
 * HUB_BUSY} ("not stored, send it again later"), so senders of documents at once cannot exhaust the
 * heap: without this, sixteen MLLP connections pipelining 8 MB reports ran a 768 MiB hub out of
 * memory and one was never answered; 48 HTTP clients posting 8 MB reports did the same and killed
 * the store's writer for large payloads.
 *
 * <p>Thread-safe: connections on every event loop share one budget.
 */
public final class InboundBudget {

  /** Messages up to this size take nothing from a budget. */
  public static final int FREE_BYTES = 64 * 1024;

  /** What a sender refused for want of budget is told, on every transport. */
  public static final String BUSY_MESSAGE =
      "The hub is receiving as many large messages as its memory allows; this one was not"
          + " stored: send it again later";

  private final long capacity;
  private final AtomicLong used = new AtomicLong();

  public InboundBudget(long capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /**
   * The budget a message of {@code length} bytes must hold: its length when larger than {@link
   * #FREE_BYTES}, else nothing.
   */
  public static long reservationOf(long length) {
    return length > FREE_BYTES ? length : 0;
  }

  /**
   * Checks a configured budget: {@code 0} (automatic) or at least the largest message the receiver
   * takes. Below it, messages between the two would be told "later" and never be taken.
   *
   * @param name and {@code largestName}: how the caller's configuration names the two values
   * @throws IllegalArgumentException naming both
   */
  public static long checkConfigured(
      long configured, String name, long largestMessage, String largestName) {
    if (configured < 0 || (configured > 0 && configured < largestMessage)) {
      throw new IllegalArgumentException(
          String.format(
              "'%s' must be 0 (automatic) or at least '%s' (%d), got %d",
              name, largestName, largestMessage, configured));
    }
    return configured;
  }

  /**
   * The capacity of a configured budget: itself when set, else a sixteenth of the JVM's maximum
   * heap (each receiver has one), at least two of the largest message.
   */
  public static long capacityOf(long configured, long largestMessage) {
    if (configured > 0) {
      return configured;
    }
    return Math.max(2 * largestMessage, Runtime.getRuntime().maxMemory() / 16);
  }

  /** A budget that never refuses (tests of framing alone). */
  public static InboundBudget unlimited() {
    return new InboundBudget(Long.MAX_VALUE);
  }

  /** Takes {@code bytes} if they fit; false (and nothing taken) if they do not. */
  public boolean tryReserve(long bytes) {
    while (true) {
      long now = used.get();
      if (bytes > capacity - now) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  /** Gives back {@code bytes} taken before. */
  public void release(long bytes) {
    if (bytes > 0) {
      used.addAndGet(-bytes);
    }
  }

  public long used() {
    return used.get();
  }

  public long capacity() {
    return capacity;
  }
}
