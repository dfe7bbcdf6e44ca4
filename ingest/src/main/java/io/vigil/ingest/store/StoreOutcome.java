package io.vigil.ingest.store;

import java.util.UUID;

/**
 * The result of storing a submission.
 *
 * @param submissionId the stored submission's id (the original one for a duplicate)
 * @param ackMessage the acknowledgement to send: the new one, or the original for a duplicate
 * @param duplicate true when (facility, control id) was already stored and nothing new was written
 * @param logIndex the submission's leaf index in the submission log
 * @param differingOriginal for a duplicate whose bytes are not the original's, the original's bytes
 *     (the caller decides whether it is a resend or another message under a reused id); null
 *     otherwise
 */
public record StoreOutcome(
    UUID submissionId,
    String ackMessage,
    boolean duplicate,
    long logIndex,
    byte[] differingOriginal) {

  /** A stored submission, or a duplicate with the original's exact bytes. */
  public StoreOutcome(UUID submissionId, String ackMessage, boolean duplicate, long logIndex) {
    this(submissionId, ackMessage, duplicate, logIndex, null);
  }
}
