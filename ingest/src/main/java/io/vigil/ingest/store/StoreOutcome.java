package io.vigil.ingest.store;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;

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

  /**
   * Whether this duplicate of {@code payload} is another message under a reused identifier: its
   * bytes differ from the original's and {@code isResendOf(original, payload)} says it is not a
   * resend. Reading two messages may take milliseconds for a large one, so the comparison runs on
   * {@code cpu}, not on the store's writer that completed this outcome.
   */
  public CompletableFuture<Boolean> isAnotherMessage(
      byte[] payload, BiPredicate<byte[], byte[]> isResendOf, Executor cpu) {
    if (!duplicate || differingOriginal == null) {
      return CompletableFuture.completedFuture(false);
    }
    return CompletableFuture.supplyAsync(() -> !isResendOf.test(differingOriginal, payload), cpu);
  }
}
