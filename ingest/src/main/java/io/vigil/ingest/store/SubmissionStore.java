package io.vigil.ingest.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.anchoring.leaf.LogLeaf;
import io.vigil.anchoring.log.LogAppender;
import io.vigil.anchoring.log.LogEntry;
import io.vigil.anchoring.merkle.Hash;
import io.vigil.events.DeidentifiedEvent;
import io.vigil.events.EventCodec;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Idempotency is enforced by the database: a (facility, control id) already stored is not
 * written again and its original acknowledgement is returned.
 */
public final class SubmissionStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionStore.class);

  /**
   * One group in one round trip and one statement, after the log's append lock: the submissions (a
   * duplicate of a stored (facility, control id) is skipped and keeps its original), then the
   * de-identified events and the log leaf of each submission stored, so the outbox never lacks an
   * accepted message's events and the log never lacks a stored message. pgjdbc sends the lock and
   * the statement together; a round trip costs both processes CPU, and at the group sizes of a
   * 2-core hub six of them cost more than the rows. Returns {@code (submission_id, leaf_index)} of
   * each stored submission.
   */
  private static final String GROUP =
      LogAppender.LOCK
          + ";\n"
          + """
          WITH stored AS (
            INSERT INTO submission (id, sender_id, facility_id, transport, format, message_type,
                                    control_id, received_at, payload, payload_sha256, charset,
                                    disposition, ack_code, findings, ack_message)
            SELECT id, sender_id, facility_id, transport, format, message_type, control_id,
                   received_at::timestamptz, payload, payload_sha256, charset, disposition,
                   ack_code, findings::jsonb, ack_message
              FROM unnest(?::uuid[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::text[], ?::text[], ?::bytea[], ?::bytea[], ?::text[], ?::text[],
                          ?::text[], ?::text[], ?::text[])
                AS t(id, sender_id, facility_id, transport, format, message_type, control_id,
                     received_at, payload, payload_sha256, charset, disposition, ack_code,
                     findings, ack_message)
            ON CONFLICT (facility_id, control_id) WHERE control_id IS NOT NULL DO NOTHING
            RETURNING id
          ), events AS (
            INSERT INTO event_outbox (submission_id, event_id, message_key, payload)
            SELECT t.submission_id, t.event_id, t.message_key, t.payload
              FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[]) WITH ORDINALITY
                     AS t(submission_id, event_id, message_key, payload, ord)
              JOIN stored ON stored.id = t.submission_id
            ORDER BY t.ord
          ), leaves AS (
          """
          + LogAppender.appendStored("stored")
          + """
          )
          SELECT submission_id, leaf_index FROM leaves
          """;

  /** The original of a duplicate; its bytes only when they differ from the duplicate's. */
  private static final String FIND_ORIGINAL =
      "SELECT s.id, s.ack_message, l.leaf_index,"
          + " CASE WHEN s.payload_sha256 = ? THEN NULL ELSE s.payload END FROM submission s"
          + " LEFT JOIN log_leaf l ON l.submission_id = s.id"
          + " WHERE s.facility_id = ? AND s.control_id = ?";

  private final DataSource dataSource;
  private final int maxBatch;
  private final int commitTimeoutMillis;
  private final BlockingQueue<Pending> queue;
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean running = true;

  private final DistributionSummary batchSize;
  private final Timer commitTimer;
  private final Counter commitFailures;
  private final WriteOutage outage;

  /** Pause of a writer after the database refused a group, before it tries again. */
  static final long OUTAGE_RETRY_MILLIS = 200;

  private record Pending(NewSubmission submission, CompletableFuture<StoreOutcome> result) {}

  public SubmissionStore(DataSource dataSource, StoreConfig config, MeterRegistry meters) {
    this.dataSource = dataSource;
    this.outage = new WriteOutage();
    this.maxBatch = config.maxBatch();
    this.commitTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.commitTimeout().toMillis());
    this.queue = new ArrayBlockingQueue<>(Math.max(1024, config.maxBatch() * 16));
    this.batchSize =
        DistributionSummary.builder("vigil.store.commit.batch.size")
            .description("Submissions committed per transaction")
            .publishPercentileHistogram()
            .minimumExpectedValue(1.0)
            .maximumExpectedValue((double) config.maxBatch())
            .register(meters);
    this.commitTimer =
        Timer.builder("vigil.store.commit")
            .description("Time to write and commit one group of submissions")
            .publishPercentileHistogram()
            .register(meters);
    this.commitFailures =
        Counter.builder("vigil.store.commit.failures")
            .description("Group commits that failed; their submissions were not acknowledged")
            .register(meters);
    Gauge.builder("vigil.store.queue.depth", queue, BlockingQueue::size)
        .description("Submissions waiting for a group commit")
        .register(meters);
    Gauge.builder("vigil.store.write.outage", outage, o -> o.active() ? 1 : 0)
        .description("1 while the database refuses writes (down, read-only, disk full)")
        .register(meters);
    for (int i = 0; i < config.writers(); i++) {
      Thread t = new Thread(this::runWriter, "vigil-store-writer-" + i);
      t.setDaemon(true);
      t.start();
      writers.add(t);
    }
  }

  /**
   * Queues a submission for the next group commit. The future completes after the commit, or fails
   * with {@link StoreUnavailableException} when the submission was not stored.
   */
  public CompletableFuture<StoreOutcome> store(NewSubmission submission) {
    CompletableFuture<StoreOutcome> result = new CompletableFuture<>();
    if (!running) {
      result.completeExceptionally(new StoreUnavailableException("store is shutting down", null));
    } else if (!queue.offer(new Pending(submission, result))) {
      result.completeExceptionally(new StoreUnavailableException("store queue is full", null));
    }
    return result;
  }

  private void runWriter() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        if (!writeGroup(batch)) {
          // The database refuses writes: try again shortly rather than in a tight loop of
          // connections and errors. What queues meanwhile goes in the next attempt.
          Thread.sleep(OUTAGE_RETRY_MILLIS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        // Never let a writer die: fail what it held and keep serving.
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
  private boolean writeGroup(List<Pending> batch) {
    long start = System.nanoTime();
    try {
      List<StoreOutcome> outcomes = commit(batch);
      commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      batchSize.record(batch.size());
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
      if (batch.size() > 1) {
        // A row the database refuses must not take its neighbours down with it.
        LOG.warn(
            "group commit failed, retrying one by one [batch: {}, sqlState: {}]",
            batch.size(),
            e.getSQLState());
        boolean written = true;
        for (Pending p : batch) {
          written &= writeGroup(List.of(p));
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
  private List<StoreOutcome> commit(List<Pending> batch) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      // A database that stops answering fails the group (the driver closes the connection, an
      // outage) instead of holding this writer until TCP gives up. The pool resets it on return.
      c.setNetworkTimeout(Runnable::run, commitTimeoutMillis);
      Map<UUID, Long> leafIndexes;
      try (PreparedStatement ps = c.prepareStatement(GROUP)) {
        int next = bindSubmissions(c, ps, batch);
        next = bindEvents(c, ps, next, batch);
        List<LogEntry> leaves = new ArrayList<>(batch.size());
        for (Pending p : batch) {
          leaves.add(new LogEntry(p.submission.id(), leafOf(p.submission)));
        }
        LogAppender.bindStored(c, ps, next, leaves);
        leafIndexes = readGroupResults(ps);
      }
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
   * Reads the group's two results in order: the lock, then {@code (submission_id, leaf_index)} of
   * each submission stored.
   */
  private static Map<UUID, Long> readGroupResults(PreparedStatement ps) throws SQLException {
    Map<UUID, Long> leafIndexes = new HashMap<>();
    boolean isResultSet = ps.execute();
    int result = 0;
    while (isResultSet || ps.getUpdateCount() != -1) {
      if (isResultSet) {
        try (ResultSet rs = ps.getResultSet()) {
          while (result == 1 && rs.next()) {
            leafIndexes.put(rs.getObject(1, UUID.class), rs.getLong(2));
          }
        }
      }
      result++;
      isResultSet = ps.getMoreResults();
    }
    if (result != 2) {
      throw new SQLException("group statement returned " + result + " results, expected 2");
    }
    return leafIndexes;
  }

  private static int bindSubmissions(Connection c, PreparedStatement ps, List<Pending> batch)
      throws SQLException {
    int n = batch.size();
    UUID[] ids = new UUID[n];
    Long[] senderIds = new Long[n];
    String[] facilities = new String[n];
    String[] transports = new String[n];
    String[] formats = new String[n];
    String[] types = new String[n];
    String[] controlIds = new String[n];
    String[] receivedAt = new String[n];
    byte[][] payloads = new byte[n][];
    byte[][] hashes = new byte[n][];
    String[] charsets = new String[n];
    String[] dispositions = new String[n];
    String[] ackCodes = new String[n];
    String[] findings = new String[n];
    String[] acks = new String[n];
    for (int i = 0; i < n; i++) {
      NewSubmission s = batch.get(i).submission;
      ids[i] = s.id();
      senderIds[i] = s.senderId();
      facilities[i] = s.facilityId();
      transports[i] = s.transport();
      formats[i] = s.format();
      types[i] = s.messageType();
      controlIds[i] = s.controlId();
      receivedAt[i] = s.receivedAt().toString();
      payloads[i] = s.payload();
      hashes[i] = s.payloadSha256();
      charsets[i] = s.charset();
      dispositions[i] = s.disposition().name().toLowerCase(java.util.Locale.ROOT);
      ackCodes[i] = s.ackCode().name();
      findings[i] = FindingsJson.write(s.findings());
      acks[i] = s.ackMessage();
    }
    Array[] arrays = {
      c.createArrayOf("uuid", ids),
      c.createArrayOf("int8", senderIds),
      c.createArrayOf("text", facilities),
      c.createArrayOf("text", transports),
      c.createArrayOf("text", formats),
      c.createArrayOf("text", types),
      c.createArrayOf("text", controlIds),
      c.createArrayOf("text", receivedAt),
      c.createArrayOf("bytea", payloads),
      c.createArrayOf("bytea", hashes),
      c.createArrayOf("text", charsets),
      c.createArrayOf("text", dispositions),
      c.createArrayOf("text", ackCodes),
      c.createArrayOf("text", findings),
      c.createArrayOf("text", acks)
    };
    for (int i = 0; i < arrays.length; i++) {
      ps.setArray(i + 1, arrays[i]);
    }
    return arrays.length + 1;
  }

  private static int bindEvents(Connection c, PreparedStatement ps, int first, List<Pending> batch)
      throws SQLException {
    List<UUID> submissionIds = new ArrayList<>();
    List<UUID> eventIds = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<String> payloads = new ArrayList<>();
    for (Pending p : batch) {
      NewSubmission s = p.submission;
      for (DeidentifiedEvent e : s.events()) {
        submissionIds.add(s.id());
        eventIds.add(UUID.fromString(e.eventId()));
        keys.add(e.personKey());
        payloads.add(EventCodec.encodeToString(e));
      }
    }
    ps.setArray(first, c.createArrayOf("uuid", submissionIds.toArray(new UUID[0])));
    ps.setArray(first + 1, c.createArrayOf("uuid", eventIds.toArray(new UUID[0])));
    ps.setArray(first + 2, c.createArrayOf("text", keys.toArray(new String[0])));
    ps.setArray(first + 3, c.createArrayOf("text", payloads.toArray(new String[0])));
    return first + 4;
  }

  /** The log leaf: what the log commits to about a stored submission (no patient data). */
  static LogLeaf leafOf(NewSubmission s) {
    return new LogLeaf(
        s.facilityId(),
        s.controlId() == null ? "" : s.controlId(),
        Hash.of(s.payloadSha256()),
        s.receivedAt(),
        s.ackCode().name(),
        s.references().specimenCollected(),
        s.references().resulted(),
        s.references().messageCreated());
  }

  private static StoreOutcome findOriginal(Connection c, NewSubmission s) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(FIND_ORIGINAL)) {
      ps.setBytes(1, s.payloadSha256());
      ps.setString(2, s.facilityId());
      ps.setString(3, s.controlId());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("conflicting submission vanished", "40001");
        }
        return new StoreOutcome(
            rs.getObject(1, UUID.class), rs.getString(2), true, rs.getLong(3), rs.getBytes(4));
      }
    }
  }

  private static void failAll(List<Pending> batch, Exception cause) {
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
    queue.drainTo(left);
    failAll(left, new IllegalStateException("store closed"));
  }
}
