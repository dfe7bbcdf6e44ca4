package io.vigil.ingest.store;

import static io.vigil.ingest.testing.TestSubmissions.large;
import static io.vigil.ingest.testing.TestSubmissions.submission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.anchoring.log.LogAppender;
import io.vigil.ingest.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's large lane: payloads of at least {@link StoreConfig#largePayloadBytes()} have their
 * own writer, which inserts before it takes the log's append lock, against a real PostgreSQL.
 */
class LargeLaneIT {
  private static final int LARGE = StoreConfig.DEFAULT_LARGE_PAYLOAD_BYTES;

  private Database db;
  private SubmissionStore store;
  private SimpleMeterRegistry meters;

  @BeforeEach
  void open() {
    db = TestPostgres.openFresh();
    meters = new SimpleMeterRegistry();
    store = new SubmissionStore(db.dataSource(), StoreConfig.defaults(), meters);
  }

  @AfterEach
  void close() {
    store.close();
    db.close();
  }

  /**
   * Another transaction holds the large submission's (facility, control id) uncommitted, so the
   * large lane's insert waits for it, as it would wait on a slow multi-megabyte write. Ordinary
   * messages must be committed and answered meanwhile: with one writer for both they waited.
   */
  @Test
  void ordinaryMessagesCommitWhileALargeOneIsStillBeingWritten() throws Exception {
    NewSubmission document = large("LAB-1", "BIG", "ACK-BIG", LARGE + 100);
    CompletableFuture<StoreOutcome> big;
    try (Connection holder = db.dataSource().getConnection()) {
      holder.setAutoCommit(false);
      insertDirectly(holder, "LAB-1", "BIG", "HELD");
      big = store.store(document);
      awaitWaiters("transactionid");

      StoreOutcome small =
          store.store(submission("LAB-1", "C1", "ACK-1")).get(10, TimeUnit.SECONDS);
      StoreOutcome other =
          store.store(submission("LAB-2", "C2", "ACK-2")).get(10, TimeUnit.SECONDS);

      assertThat(small.duplicate()).isFalse();
      assertThat(other.duplicate()).isFalse();
      assertThat(List.of(small.logIndex(), other.logIndex())).containsExactly(0L, 1L);
      assertThat(big).as("the large one still waits").isNotDone();
      holder.rollback();
    }
    StoreOutcome stored = big.get(10, TimeUnit.SECONDS);
    assertThat(stored.duplicate()).isFalse();
    assertThat(stored.submissionId()).isEqualTo(document.id());
    assertThat(stored.logIndex()).as("appended after the ordinary ones, no gap").isEqualTo(2);
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT s.payload, l.submission_id FROM submission s"
                    + " JOIN log_leaf l ON l.submission_id = s.id WHERE l.leaf_index = 2")) {
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBytes(1)).as("exact bytes").isEqualTo(document.payload());
        assertThat(rs.getObject(2, UUID.class)).isEqualTo(document.id());
      }
    }
    assertThat(meters.get("vigil.store.commit.batch.size").tag("lane", "large").summary().count())
        .isEqualTo(1);
  }

  /**
   * A large group holds its new (facility, control id) while it waits for the append lock; an
   * ordinary group that holds the lock and inserts the same key waits for it: a deadlock, which
   * PostgreSQL breaks by aborting the transaction that waited first. The large group is written
   * again and answered as a duplicate of what the other committed, instead of failing.
   */
  @Test
  void aGroupAbortedToBreakADeadlockIsWrittenAgain() throws Exception {
    CompletableFuture<StoreOutcome> big;
    try (Connection holder = db.dataSource().getConnection()) {
      holder.setAutoCommit(false);
      holder.createStatement().execute(LogAppender.LOCK);
      big = store.store(large("LAB-1", "RACE", "ACK-BIG", LARGE));
      awaitWaiters("advisory");
      insertDirectly(holder, "LAB-1", "RACE", "OTHER-ACK");
      holder.commit();
    }
    StoreOutcome outcome = big.get(20, TimeUnit.SECONDS);
    assertThat(outcome.duplicate()).isTrue();
    assertThat(outcome.ackMessage()).isEqualTo("OTHER-ACK");
    assertThat(meters.get("vigil.store.commit.failures").counter().count())
        .as("the aborted attempt")
        .isEqualTo(1);
  }

  @Test
  void bothLanesTogetherLogEverySubmissionOnceWithItsOwnLeafAndNoGap() throws Exception {
    store.close();
    store =
        new SubmissionStore(
            db.dataSource(),
            new StoreConfig(
                null, "postgres", "postgres", 8, 4, 2, Duration.ofSeconds(30), 64 * 1024),
            meters);
    List<NewSubmission> sent = new ArrayList<>();
    List<CompletableFuture<StoreOutcome>> futures = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      // Every tenth is large; every control id is sent twice, across lanes for the large ones.
      String id = "M" + (i % 120);
      NewSubmission s =
          i % 10 == 0 || i % 10 == 1 && i >= 120
              ? large("LAB-1", id, "ACK", 64 * 1024 + i)
              : submission("LAB-1", id, "ACK");
      sent.add(s);
      futures.add(store.store(s));
    }
    List<StoreOutcome> outcomes = new ArrayList<>();
    for (var f : futures) {
      outcomes.add(f.get(60, TimeUnit.SECONDS));
    }
    assertThat(outcomes.stream().filter(o -> !o.duplicate())).hasSize(120);
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*), min(leaf_index), max(leaf_index), count(DISTINCT"
                        + " submission_id), (SELECT count(*) FROM submission) FROM log_leaf")) {
      rs.next();
      assertThat(rs.getLong(1)).as("one leaf per stored submission").isEqualTo(120);
      assertThat(rs.getLong(2)).isZero();
      assertThat(rs.getLong(3)).as("gapless").isEqualTo(119);
      assertThat(rs.getLong(4)).isEqualTo(120);
      assertThat(rs.getLong(5)).isEqualTo(120);
    }
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT submission_id FROM log_leaf WHERE leaf_index = ?")) {
      for (int i = 0; i < sent.size(); i++) {
        StoreOutcome o = outcomes.get(i);
        ps.setLong(1, o.logIndex());
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getObject(1, UUID.class)).isEqualTo(o.submissionId());
        }
        if (!o.duplicate()) {
          assertThat(o.submissionId()).isEqualTo(sent.get(i).id());
        }
      }
    }
    assertThat(meters.get("vigil.store.commit.batch.size").tag("lane", "large").summary().count())
        .isPositive();
  }

  @Test
  void aDifferentMessageUnderALargeOnesControlIdGetsTheOriginalsBytesBack() throws Exception {
    NewSubmission document = large("LAB-1", "DOC", "ACK-DOC", LARGE * 2);
    store.store(document).get(10, TimeUnit.SECONDS);

    StoreOutcome small = store.store(submission("LAB-1", "DOC", "NEW")).get(10, TimeUnit.SECONDS);
    StoreOutcome same =
        store.store(large("LAB-1", "DOC", "OTHER", LARGE * 2)).get(10, TimeUnit.SECONDS);

    assertThat(small.duplicate()).isTrue();
    assertThat(small.submissionId()).isEqualTo(document.id());
    assertThat(small.differingOriginal()).isEqualTo(document.payload());
    assertThat(same.duplicate()).isTrue();
    assertThat(same.ackMessage()).isEqualTo("ACK-DOC");
    assertThat(same.differingOriginal()).as("the same bytes").isNull();
  }

  @Test
  void aLargeSubmissionTheDatabaseRefusesFailsAloneAndIsNotAcknowledged() throws Exception {
    execute(
        "ALTER TABLE submission ADD CONSTRAINT small_only CHECK (octet_length(payload) < 65536)");
    CompletableFuture<StoreOutcome> refused = store.store(large("LAB-1", "NO", "ACK-NO", LARGE));
    assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StoreUnavailableException.class);
    assertThat(store.store(submission("LAB-1", "YES", "A")).get(10, TimeUnit.SECONDS).duplicate())
        .isFalse();

    execute("ALTER TABLE submission DROP CONSTRAINT small_only");
    StoreOutcome resent =
        store.store(large("LAB-1", "NO", "ACK-NO", LARGE)).get(10, TimeUnit.SECONDS);
    assertThat(resent.duplicate()).as("nothing of the refused one was stored").isFalse();
    assertThat(resent.logIndex()).as("no leaf was spent on it").isEqualTo(1);
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.createStatement().execute(sql);
    }
  }

  private static void insertDirectly(Connection c, String facility, String controlId, String ack)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO submission (id, facility_id, transport, format, message_type, control_id,"
                + " received_at, payload, payload_sha256, charset, disposition, ack_code,"
                + " ack_message) VALUES (gen_random_uuid(), ?, 'mllp', 'hl7v2', 'ORU^R01', ?,"
                + " now(), '\\x00', sha256('\\x00'::bytea), 'UTF-8', 'accept', 'AA', ?)")) {
      ps.setString(1, facility);
      ps.setString(2, controlId);
      ps.setString(3, ack);
      ps.executeUpdate();
    }
  }

  /** Waits until a backend waits for a lock of {@code locktype}: the large lane is blocked. */
  private void awaitWaiters(String locktype) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = ?")) {
      ps.setString(1, locktype);
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return;
          }
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("no backend waits for a " + locktype + " lock");
  }
}
