package io.vigil.ingest.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores submissions with group commit: concurrent submissions queue up and a writer thread commits
 * everything waiting in one transaction (one fsync for many messages). A future completes only
 * after its transaction has committed, so nothing is acknowledged before it is durable.
 *
 * <p>Two lanes: submissions of at least {@link StoreConfig#largePayloadBytes()} (reports carrying
 * documents) have their own writer, which writes the rows before it takes the log's append lock, so
 * one multi-megabyte payload does not hold up the ordinary groups queued behind it ({@link
 * GroupStatement}).
 *
 * <p>Idempotency is enforced by the database: a (facility, control id) already stored is not
 * written again and its original acknowledgement is returned.
 */
public final class SubmissionStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionStore.class);

  /** The original of a duplicate; its bytes only when they differ from the duplicate's. */
  private static final String FIND_ORIGINAL =
      "SELECT s.id, s.ack_message, l.leaf_index,"
          + " CASE WHEN s.payload_sha256 = ? THEN NULL ELSE s.payload END FROM submission s"
          + " LEFT JOIN log_leaf l ON l.submission_id = s.id"
          + " WHERE s.facility_id = ? AND s.control_id = ?";

  /**
   * Most payload bytes the large lane puts in one group: its commit flushes their WAL while it
   * holds the append lock, and the ordinary lane waits for that.
   */
  static final long LARGE_GROUP_BYTES = 16L << 20;

  /** Attempts of a group the database aborted to break a deadlock or a serialization conflict. */
  static final int ROLLBACK_ATTEMPTS = 3;

  private final DataSource dataSource;
  private final int maxBatch;
  private final int largePayloadBytes;
  private final int commitTimeoutMillis;
  private final Lane ordinary;
  private final Lane large;
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean running = true;

  private final Counter commitFailures;
  private final WriteOutage outage;

  /** Pause of a writer after the database refused a group, before it tries again. */
  static final long OUTAGE_RETRY_MILLIS = 200;

  private record Pending(NewSubmission submission, CompletableFuture<StoreOutcome> result) {}

  /** A queue, the writers that take from it, and their meters. */
  private record Lane(
      String name,
      boolean large,
      BlockingQueue<Pending> queue,
      DistributionSummary batchSize,
      Timer commitTimer) {}

  public SubmissionStore(DataSource dataSource, StoreConfig config, MeterRegistry meters) {
    this.dataSource = dataSource;
    this.outage = new WriteOutage();
    this.maxBatch = config.maxBatch();
    this.largePayloadBytes = config.largePayloadBytes();
    this.commitTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.commitTimeout().toMillis());
    this.ordinary =
        lane("ordinary", false, new ArrayBlockingQueue<>(Math.max(1024, maxBatch * 16)), meters);
    // Large payloads are already in memory when they queue; the bound only caps how many wait.
    this.large = lane("large", true, new ArrayBlockingQueue<>(64), meters);
    this.commitFailures =
        Counter.builder("vigil.store.commit.failures")
            .description("Group commits that failed; their submissions were not acknowledged")
            .register(meters);
    Gauge.builder("vigil.store.write.outage", outage, o -> o.active() ? 1 : 0)
        .description("1 while the database refuses writes (down, read-only, disk full)")
        .register(meters);
    for (int i = 0; i < config.writers(); i++) {
      startWriter(ordinary, "vigil-store-writer-" + i);
    }
    startWriter(large, "vigil-store-writer-large");
  }

  private Lane lane(String name, boolean isLarge, BlockingQueue<Pending> q, MeterRegistry meters) {
    Gauge.builder("vigil.store.queue.depth", q, BlockingQueue::size)
        .description("Submissions waiting for a group commit")
        .tag("lane", name)
        .register(meters);
    return new Lane(
        name,
        isLarge,
        q,
        DistributionSummary.builder("vigil.store.commit.batch.size")
            .description("Submissions committed per transaction")
            .tag("lane", name)
            .publishPercentileHistogram()
            .minimumExpectedValue(1.0)
            .maximumExpectedValue((double) maxBatch)
            .register(meters),
        Timer.builder("vigil.store.commit")
            .description("Time to write and commit one group of submissions")
            .tag("lane", name)
            .publishPercentileHistogram()
            .register(meters));
  }

  private void startWriter(Lane lane, String threadName) {
    Thread t = new Thread(() -> runWriter(lane), threadName);
    t.setDaemon(true);
    t.start();
    writers.add(t);
  }

  /**
   * Queues a submission for the next group commit. The future completes after the commit, or fails
   * with {@link StoreUnavailableException} when the submission was not stored.
   */
  public CompletableFuture<StoreOutcome> store(NewSubmission submission) {
    CompletableFuture<StoreOutcome> result = new CompletableFuture<>();
    Lane lane = submission.payload().length >= largePayloadBytes ? large : ordinary;
    if (!running) {
      result.completeExceptionally(new StoreUnavailableException("store is shutting down", null));
    } else if (!lane.queue.offer(new Pending(submission, result))) {
      result.completeExceptionally(
          new StoreUnavailableException("store queue is full [lane: " + lane.name + "]", null));
    }
    return result;
  }

  private void runWriter(Lane lane) {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (running || !lane.queue.isEmpty()) {
      try {
        Pending first = lane.queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        if (lane.large) {
          long bytes = first.submission.payload().length;
          Pending next;
          while (bytes < LARGE_GROUP_BYTES
              && batch.size() < maxBatch
              && (next = lane.queue.poll()) != null) {
            batch.add(next);
            bytes += next.submission.payload().length;
          }
        } else {
          lane.queue.drainTo(batch, maxBatch - 1);
        }
        if (!writeGroup(lane, batch, 1)) {
          // The database refuses writes: try again shortly rather than in a tight loop of
          // connections and errors. What queues meanwhile goes in the next attempt.
          Thread.sleep(OUTAGE_RETRY_MILLIS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException | OutOfMemoryError e) {
        // Never let a writer die: fail what it held and keep serving. Out of memory too: the
        // group's own buffers (a large group's hex text) are what ran out, freed with it, and a
        // dead writer would leave every later message of its lane unanswered.
        LOG.error("store writer failed unexpectedly [batch: {}]", batch.size(), e);
        failAll(batch, e);
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Commits one group and completes its futures. Returns false when the database refused the write
   * as a whole (an outage): the group was failed and the caller should pause before the next.
   */
  private boolean writeGroup(Lane lane, List<Pending> batch, int attempt) {
    long start = System.nanoTime();
    try {
      List<StoreOutcome> outcomes = commit(lane, batch);
      lane.commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      lane.batchSize.record(batch.size());
      outage.stored();
      for (int i = 0; i < batch.size(); i++) {
        StoreOutcome outcome = outcomes.get(i);
        if (outcome != null) {
          batch.get(i).result.complete(outcome);
        } else {
          batch
              .get(i)
              .result
              .completeExceptionally(
                  new StoreUnavailableException(
                      "a duplicate's original could not be read; resend for its answer", null));
        }
      }
      return true;
    } catch (SQLException e) {
      commitFailures.increment();
      if (WriteOutage.isOutage(e)) {
        // One WARN when the outage starts, one INFO when it ends (WriteOutage); no flood.
        outage.refused(e, batch.size());
        LOG.debug(
            "group commit refused, submissions not stored [batch: {}, sqlState: {}]",
            batch.size(),
            e.getSQLState());
        failAll(batch, e);
        return false;
      }
      if (isRolledBackToResolveAConflict(e) && attempt < ROLLBACK_ATTEMPTS) {
        // A large group inserts before the append lock and an ordinary one after it: the same
        // (facility, control id) in both at once is a deadlock the database breaks by aborting
        // one. Nothing of it was stored; written again, it waits for the other and is answered.
        LOG.info(
            "group commit aborted by the database, writing it again [lane: {}, batch: {},"
                + " sqlState: {}, attempt: {}]",
            lane.name,
            batch.size(),
            e.getSQLState(),
            attempt);
        return writeGroup(lane, batch, attempt + 1);
      }
      if (batch.size() > 1) {
        // A row the database refuses must not take its neighbours down with it.
        LOG.warn(
            "group commit failed, retrying one by one [batch: {}, sqlState: {}]",
            batch.size(),
            e.getSQLState());
        boolean written = true;
        for (Pending p : batch) {
          written &= writeGroup(lane, List.of(p), attempt);
        }
        return written;
      }
      LOG.warn(
          "commit failed, submission not stored [sqlState: {}, error: {}]",
          e.getSQLState(),
          e.getMessage());
      failAll(batch, e);
      return true;
    }
  }

  /**
   * Deadlock detected (40P01) or serialization failure (40001): the transaction was rolled back.
   */
  private static boolean isRolledBackToResolveAConflict(SQLException e) {
    return "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
  }

  /**
   * Commits one group; the outcomes are in the batch's order. An outcome is null for a duplicate
   * whose original could not be read after the group committed: the group's own submissions are
   * stored and answered all the same, and only that duplicate's sender must resend.
   *
   * <p>The group statement runs in autocommit: pgjdbc sends the lock and the statement with one
   * Sync, so the server runs them in one implicit transaction and commits it before it answers.
   * With an explicit {@code COMMIT} the log's append lock stayed held while the answer travelled to
   * this thread, while this thread waited for a core (the examination threads keep both busy) and
   * while the {@code COMMIT} travelled back: every other writer's group waited on all that. When
   * {@code execute} returns, the group is durable ({@code synchronous_commit=on}).
   */
  private List<StoreOutcome> commit(Lane lane, List<Pending> batch) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      // A database that stops answering fails the group (the driver closes the connection, an
      // outage) instead of holding this writer until TCP gives up. The pool resets it on return.
      c.setNetworkTimeout(Runnable::run, commitTimeoutMillis);
      List<NewSubmission> group = new ArrayList<>(batch.size());
      for (Pending p : batch) {
        group.add(p.submission);
      }
      Map<UUID, Long> leafIndexes = GroupStatement.commit(c, lane.large, group);
      // By position, not in a map keyed by Pending: a record's hashCode walks the whole
      // submission (payload, events), which cost a quarter of the writer's CPU.
      List<StoreOutcome> outcomes = new ArrayList<>(batch.size());
      boolean lookupFailed = false;
      for (Pending p : batch) {
        NewSubmission s = p.submission;
        Long index = leafIndexes.get(s.id());
        if (index != null) {
          outcomes.add(new StoreOutcome(s.id(), s.ackMessage(), false, index));
        } else if (lookupFailed) {
          outcomes.add(null);
        } else {
          // A duplicate's original is committed: ON CONFLICT waited for its transaction to end.
          // The group is committed too, so a failure here must not fail (or retry) the group.
          try {
            outcomes.add(findOriginal(c, s));
          } catch (SQLException e) {
            LOG.warn(
                "reading a duplicate's original failed after its group committed [sqlState: {}]",
                e.getSQLState());
            lookupFailed = true;
            outcomes.add(null);
          }
        }
      }
      return outcomes;
    }
  }

  /**
   * The stored original of {@code s} (same facility and control id), read outside any group: what a
   * resend is answered with while the database refuses writes but still answers reads (read-only
   * after a failover, disk full). Blocking; empty when {@code s} has no control id or none is
   * stored.
   *
   * @throws SQLException when the database cannot be read either
   */
  public Optional<StoreOutcome> storedOriginal(NewSubmission s) throws SQLException {
    if (s.controlId() == null) {
      return Optional.empty();
    }
    try (Connection c = dataSource.getConnection()) {
      return readOriginal(c, s);
    }
  }

  private static StoreOutcome findOriginal(Connection c, NewSubmission s) throws SQLException {
    return readOriginal(c, s)
        .orElseThrow(() -> new SQLException("conflicting submission vanished", "40001"));
  }

  private static Optional<StoreOutcome> readOriginal(Connection c, NewSubmission s)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(FIND_ORIGINAL)) {
      ps.setBytes(1, s.payloadSha256());
      ps.setString(2, s.facilityId());
      ps.setString(3, s.controlId());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new StoreOutcome(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    true,
                    rs.getLong(3),
                    rs.getBytes(4)))
            : Optional.empty();
      }
    }
  }

  private static void failAll(List<Pending> batch, Throwable cause) {
    StoreUnavailableException e =
        new StoreUnavailableException("submission not stored: " + cause.getMessage(), cause);
    for (Pending p : batch) {
      p.result.completeExceptionally(e);
    }
  }

  /** The write-outage tracker this store reports to (readiness asks it). */
  public WriteOutage writeOutage() {
    return outage;
  }

  /** Stops accepting work, commits what is queued, and stops the writers. */
  @Override
  public void close() {
    running = false;
    for (Thread t : writers) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    List<Pending> left = new ArrayList<>();
    ordinary.queue.drainTo(left);
    large.queue.drainTo(left);
    failAll(left, new IllegalStateException("store closed"));
  }
}
