package io.vigil.ingest.mllp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory all connections of one MLLP server may hold in large frames: frames being received and
 * messages not yet answered. Frames up to {@link MllpFrameDecoder#FREE_FRAME_BYTES} take none
 * (ordinary traffic never waits on documents); a larger frame reserves its bytes as they arrive and
 * keeps them until its acknowledgement is written. A frame that cannot reserve is answered "send it
 * again later" and skipped, so senders of documents at once cannot exhaust the heap: without this,
 * sixteen connections pipelining 8 MB reports ran a 768 MiB hub out of memory, and one of them was
 * never answered.
 *
 * <p>Thread-safe: connections on every event loop share one budget.
 */
final class FrameBudget {

  private final long capacity;
  private final AtomicLong used = new AtomicLong();

  FrameBudget(long capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /** A budget that never refuses (tests of framing alone). */
  static FrameBudget unlimited() {
    return new FrameBudget(Long.MAX_VALUE);
  }

  /** Takes {@code bytes} if they fit; false (and nothing taken) if they do not. */
  boolean tryReserve(long bytes) {
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
  void release(long bytes) {
    if (bytes > 0) {
      used.addAndGet(-bytes);
    }
  }

  long used() {
    return used.get();
  }

  long capacity() {
    return capacity;
  }
}
