package io.vigil.ingest.intake;

import io.vigil.ingest.store.NewSubmission;
import io.vigil.ingest.store.StoreOutcome;
import io.vigil.ingest.store.SubmissionStore;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Resends of stored messages while the database refuses writes but answers reads (read-only after a
 * failover, disk full): such a resend is answered with its original acknowledgement, as at any
 * other time. A sender resending after a lost ACK was told its stored message was not stored
 * (ops6).
 */
final class UnwritableResends {
  private final SubmissionStore store;
  private final ReusedControlIds reusedControlIds;
  private final Executor cpu;

  UnwritableResends(SubmissionStore store, ReusedControlIds reusedControlIds, Executor cpu) {
    this.store = store;
    this.reusedControlIds = reusedControlIds;
    this.cpu = cpu;
  }

  /**
   * Whether the database refused the write but answers reads: read-only (25006) or disk full
   * (53100). Only then is a stored original looked up; with the database down, each lookup would
   * wait for the pool's timeout on a CPU thread.
   */
  static boolean readsStillAnswered(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException e) {
        return "25006".equals(e.getSQLState()) || "53100".equals(e.getSQLState());
      }
    }
    return false;
  }

  /**
   * The stored original that {@code s} is a resend of; empty when there is none, it is another
   * message under the same control id, or it cannot be read either.
   */
  CompletableFuture<Optional<StoreOutcome>> originalOf(NewSubmission s) {
    if (s.controlId() == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return CompletableFuture.supplyAsync(() -> stored(s), cpu)
        .thenCompose(
            original ->
                original.isEmpty()
                    ? CompletableFuture.completedFuture(original)
                    : reusedControlIds
                        .isAnotherMessage(original.get(), s)
                        .thenApply(another -> another ? Optional.empty() : original));
  }

  private Optional<StoreOutcome> stored(NewSubmission s) {
    try {
      return store.storedOriginal(s);
    } catch (SQLException unreadable) {
      return Optional.empty();
    }
  }
}
