package io.vigil.anchoring.chain;

/**
 * The anchoring account's next nonce. Starts from the node's {@code pending} count (so a restart
 * continues after transactions still in the pool), then counts locally; the sender calls {@link
 * #resync} when a node answers {@code nonce too low}. Not thread-safe: the sender serialises use.
 */
final class NonceTracker {

  /** Reads the account's transaction count at the {@code pending} block. */
  @FunctionalInterface
  interface PendingCount {
    long read() throws ChainException;
  }

  private final PendingCount pendingCount;
  private long next = -1;

  NonceTracker(PendingCount pendingCount) {
    this.pendingCount = pendingCount;
  }

  /** The nonce for the next new transaction. */
  long peek() throws ChainException {
    if (next < 0) {
      next = pendingCount.read();
    }
    return next;
  }

  /** Marks {@code nonce} as used by a broadcast transaction. */
  void used(long nonce) {
    next = Math.max(next, nonce + 1);
  }

  /** Drops the local count and reads the node's again. */
  long resync() throws ChainException {
    next = pendingCount.read();
    return next;
  }
}
