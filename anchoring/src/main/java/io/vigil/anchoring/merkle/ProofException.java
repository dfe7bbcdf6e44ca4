package io.vigil.anchoring.merkle;

/**
 * A proof did not verify. Checked on purpose: a caller holding a proof from an untrusted party must
 * decide what a failure means. {@link #reason()} is a stable code fit for an API response.
 */
public final class ProofException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why verification failed. */
  public enum Reason {
    /** A tree size is negative. */
    INVALID_TREE_SIZE,
    /** The leaf index is negative or not below the tree size. */
    INDEX_OUT_OF_RANGE,
    /** The old size of a consistency proof is larger than the new size. */
    SIZE_NOT_INCREASING,
    /** The proof has more or fewer hashes than the sizes imply (extra, missing, trailing). */
    WRONG_PROOF_SIZE,
    /** The proof's bytes are not a whole number of 32-byte hashes. */
    MALFORMED_PROOF,
    /** The proof recomputes to a root other than the one given. */
    ROOT_MISMATCH
  }

  private final Reason reason;

  /** Creates a failure with its reason and a human-readable detail. */
  public ProofException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  /** The stable failure code. */
  public Reason reason() {
    return reason;
  }
}
