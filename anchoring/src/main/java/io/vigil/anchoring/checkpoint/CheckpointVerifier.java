package io.vigil.anchoring.checkpoint;

import io.vigil.anchoring.checkpoint.CheckpointException.Reason;

/**
 * Verifies signed checkpoints from one log: the note must carry a valid signature by the trusted
 * key, its text must be a well-formed checkpoint body, and the origin must be the expected one
 * (C2SP {@code tlog-checkpoint} requires clients to check the origin).
 */
public final class CheckpointVerifier {

  private final NoteVerifierKey key;
  private final String origin;

  /** A verifier trusting {@code key} for the log named {@code origin}. */
  public CheckpointVerifier(NoteVerifierKey key, String origin) {
    this.key = key;
    this.origin = origin;
  }

  /**
   * Verifies a signed checkpoint note and returns the checkpoint it vouches for.
   *
   * @throws CheckpointException with reason {@code MALFORMED_NOTE}, {@code NO_TRUSTED_SIGNATURE},
   *     {@code BAD_SIGNATURE}, {@code MALFORMED_CHECKPOINT} or {@code WRONG_ORIGIN}
   */
  public Checkpoint verify(String signedNote) throws CheckpointException {
    String body = SignedNote.parse(signedNote).verifiedText(key);
    Checkpoint checkpoint = Checkpoint.parse(body);
    if (!checkpoint.origin().equals(origin)) {
      throw new CheckpointException(Reason.WRONG_ORIGIN, "checkpoint is for another log");
    }
    return checkpoint;
  }
}
