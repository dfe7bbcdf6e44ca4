package io.vigil.anchoring.checkpoint;

/**
 * A signed checkpoint or note was rejected. {@link #reason()} is a stable code fit for an API
 * response; the message carries detail for logs.
 */
public final class CheckpointException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the note or checkpoint was rejected. */
  public enum Reason {
    /** The text is not a well-formed signed note (layout, encoding, signature lines). */
    MALFORMED_NOTE,
    /** A verifier or signer key string is malformed or its key hash does not match. */
    MALFORMED_KEY,
    /** No signature line is from the trusted key (name and key hash). */
    NO_TRUSTED_SIGNATURE,
    /** A signature line from the trusted key does not verify over the note text. */
    BAD_SIGNATURE,
    /** The signed text is not a well-formed checkpoint body. */
    MALFORMED_CHECKPOINT,
    /** The checkpoint is for another log. */
    WRONG_ORIGIN
  }

  private final Reason reason;

  /** Creates a rejection with its reason and a human-readable detail. */
  public CheckpointException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  /** The stable rejection code. */
  public Reason reason() {
    return reason;
  }
}
