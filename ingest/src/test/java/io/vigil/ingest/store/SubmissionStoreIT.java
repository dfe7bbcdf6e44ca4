package io.vigil.ingest.store;

import static io.vigil.ingest.testing.TestSubmissions.submission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.anchoring.log.LogAppender;
import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.testing.TestEvents;
import io.vigil.ingest.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubmissionStoreIT {
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

  private long rows() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM submission")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The store sends the log's append lock and the group as one statement in autocommit, relying on
   * pgjdbc to send both with one Sync, so that the server runs them in one implicit transaction and
   * the lock covers the group until it is committed. If the lock were released after its own
   * statement, concurrent writers would interleave their leaves.
   */
  @Test
  void theAppendLockSentWithAStatementInAutocommitIsHeldUntilThatStatementCommits()
      throws Exception {
    try (Connection a = db.dataSource().getConnection();
        Connection b = db.dataSource().getConnection()) {
      a.setAutoCommit(true);
      int pid;
      try (ResultSet rs = a.createStatement().executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }
      CompletableFuture<Void> group =
          CompletableFuture.runAsync(
              () -> {
                try (PreparedStatement ps =
                    a.prepareStatement(LogAppender.LOCK + ";\nSELECT pg_sleep(?)")) {
                  ps.setDouble(1, 1.0);
                  ps.execute();
                  while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
                    // drain both results
                  }
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      boolean sleeping = false;
      while (!sleeping && System.nanoTime() < deadline) {
        sleeping =
            count(
                    b,
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND wait_event = 'PgSleep'",
                    pid)
                == 1;
      }
      assertThat(sleeping).as("the second statement ran").isTrue();
      String advisory =
          "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = ?";
      assertThat(count(b, advisory, pid)).as("lock held during the second statement").isEqualTo(1);
      group.get(10, TimeUnit.SECONDS);
      assertThat(count(b, advisory, pid)).as("lock released by the commit").isZero();
    }
  }

  private static long count(Connection c, String sql, int pid) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, pid);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void storesExactBytesHashAndFindings() throws Exception {
    NewSubmission s = submission("LAB-1", "C1", "ACK-1");
    StoreOutcome outcome = store.store(s).get(10, TimeUnit.SECONDS);

    assertThat(outcome.duplicate()).isFalse();
    assertThat(outcome.submissionId()).isEqualTo(s.id());
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT payload, payload_sha256, ack_code, findings->0->>'code', received_at"
                    + " FROM submission WHERE id = ?")) {
      ps.setObject(1, s.id());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBytes(1)).isEqualTo(s.payload());
        assertThat(rs.getBytes(2)).isEqualTo(s.payloadSha256());
        assertThat(rs.getString(3)).isEqualTo("AA");
        assertThat(rs.getString(4)).isEqualTo("OBX3_NO_LOINC");
        assertThat(rs.getObject(5, java.time.OffsetDateTime.class).toInstant())
            .isEqualTo(s.receivedAt());
      }
    }
  }

  @Test
  void commitsConcurrentSubmissionsInGroups() throws Exception {
    List<CompletableFuture<StoreOutcome>> futures = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      futures.add(store.store(submission("LAB-1", "C" + i, "ACK")));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    assertThat(rows()).isEqualTo(2000);
    var batches = meters.get("vigil.store.commit.batch.size").tag("lane", "ordinary").summary();
    assertThat(batches.max()).as("largest group").isGreaterThan(1);
    assertThat(batches.count()).as("transactions").isLessThan(2000);
  }

  @Test
  void replayOfSameFacilityAndControlIdReturnsTheOriginalAck() throws Exception {
    NewSubmission first = submission("LAB-1", "C1", "ORIGINAL-ACK");
    store.store(first).get(10, TimeUnit.SECONDS);

    StoreOutcome replay =
        store.store(submission("LAB-1", "C1", "NEW-ACK")).get(10, TimeUnit.SECONDS);

    assertThat(replay.duplicate()).isTrue();
    assertThat(replay.submissionId()).isEqualTo(first.id());
    assertThat(replay.ackMessage()).isEqualTo("ORIGINAL-ACK");
    assertThat(rows()).isEqualTo(1);
  }

  @Test
  void storesHeaderTextWithNulAndStillRecognisesItsReplay() throws Exception {
    // PostgreSQL text cannot hold U+0000; before StorableText this message was never storable.
    NewSubmission first = submission("LAB\u0000-1", "C\u00001", "ACK|C\u00001");
    StoreOutcome outcome = store.store(first).get(10, TimeUnit.SECONDS);
    StoreOutcome replay =
        store.store(submission("LAB\u0000-1", "C\u00001", "OTHER")).get(10, TimeUnit.SECONDS);

    assertThat(outcome.duplicate()).isFalse();
    assertThat(replay.duplicate()).isTrue();
    assertThat(replay.submissionId()).isEqualTo(first.id());
    assertThat(replay.ackMessage()).isEqualTo("ACK|C\uFFFD1");
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT facility_id, control_id, payload FROM submission")) {
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("LAB\uFFFD-1");
        assertThat(rs.getString(2)).isEqualTo("C\uFFFD1");
        assertThat(rs.getBytes(3)).as("exact bytes").isEqualTo(first.payload()).contains(0);
        assertThat(rs.next()).isFalse();
      }
    }
  }

  @Test
  void storesIdentifiersTooLongToIndexWithoutAnIdempotencyKey() throws Exception {
    // Random text does not compress: a 5,000-character key once broke the btree's 2,704-byte limit.
    String longId =
        new java.util.Random(7)
            .ints(5000, 'A', 'Z' + 1)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    store.store(submission("LAB-1", longId, "A")).get(10, TimeUnit.SECONDS);
    StoreOutcome again = store.store(submission("LAB-1", longId, "B")).get(10, TimeUnit.SECONDS);
    store.store(submission(longId, "C1", "C")).get(10, TimeUnit.SECONDS);

    assertThat(again.duplicate()).as("no key, so no replay").isFalse();
    assertThat(rows()).isEqualTo(3);
    // Within the budget a long key still works: a FHIR system|value of 600 characters.
    String fhirId = "https://lab.example/fhir/NamingSystem/messages|" + longId.substring(0, 553);
    store.store(submission("LAB-1", fhirId, "D")).get(10, TimeUnit.SECONDS);
    assertThat(store.store(submission("LAB-1", fhirId, "E")).get(10, TimeUnit.SECONDS).duplicate())
        .isTrue();
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FILTER (WHERE control_id IS NULL),"
                        + " count(*) FILTER (WHERE facility_id = '') FROM submission")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(3);
      assertThat(rs.getInt(2)).isEqualTo(1);
      assertThat(rows()).isEqualTo(4);
    }
  }

  @Test
  void sameControlIdFromAnotherFacilityIsNotADuplicate() throws Exception {
    store.store(submission("LAB-1", "C1", "A")).get(10, TimeUnit.SECONDS);
    StoreOutcome other = store.store(submission("LAB-2", "C1", "B")).get(10, TimeUnit.SECONDS);
    assertThat(other.duplicate()).isFalse();
    assertThat(rows()).isEqualTo(2);
  }

  @Test
  void duplicatesInsideOneGroupAreStoredOnce() throws Exception {
    List<CompletableFuture<StoreOutcome>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add(store.store(submission("LAB-1", "SAME", "ACK-" + i)));
    }
    List<StoreOutcome> outcomes = new ArrayList<>();
    for (var f : futures) {
      outcomes.add(f.get(10, TimeUnit.SECONDS));
    }
    assertThat(rows()).isEqualTo(1);
    assertThat(outcomes.stream().filter(o -> !o.duplicate())).hasSize(1);
    assertThat(outcomes.stream().map(StoreOutcome::submissionId).distinct()).hasSize(1);
  }

  @Test
  void messagesWithoutControlIdAreNeverDeduplicated() throws Exception {
    store.store(submission("LAB-1", null, "A")).get(10, TimeUnit.SECONDS);
    store.store(submission("LAB-1", null, "B")).get(10, TimeUnit.SECONDS);
    assertThat(rows()).isEqualTo(2);
  }

  @Test
  void logsEveryStoredSubmissionOnceWithGaplessIndexes() throws Exception {
    // Several writers with small groups: their statements race for the append lock, as two hub
    // instances' writers do (the default is one writer).
    store.close();
    store =
        new SubmissionStore(
            db.dataSource(),
            new StoreConfig(
                null,
                "postgres",
                "postgres",
                8,
                4,
                3,
                Duration.ofSeconds(30),
                StoreConfig.DEFAULT_LARGE_PAYLOAD_BYTES),
            meters);
    List<CompletableFuture<StoreOutcome>> futures = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      futures.add(store.store(submission("LAB-1", "L" + (i % 250), "ACK")));
    }
    List<StoreOutcome> outcomes = new ArrayList<>();
    for (var f : futures) {
      outcomes.add(f.get(30, TimeUnit.SECONDS));
    }
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*), min(leaf_index), max(leaf_index), count(DISTINCT"
                        + " submission_id) FROM log_leaf")) {
      rs.next();
      assertThat(rs.getLong(1)).as("one leaf per stored submission").isEqualTo(250);
      assertThat(rs.getLong(2)).isZero();
      assertThat(rs.getLong(3)).as("gapless").isEqualTo(249);
      assertThat(rs.getLong(4)).isEqualTo(250);
    }
    assertThat(outcomes.stream().filter(o -> !o.duplicate()).map(StoreOutcome::logIndex).distinct())
        .hasSize(250);
    // A replay points at the original's leaf.
    StoreOutcome replay = store.store(submission("LAB-1", "L7", "X")).get(10, TimeUnit.SECONDS);
    StoreOutcome original =
        outcomes.stream()
            .filter(o -> !o.duplicate() && o.submissionId().equals(replay.submissionId()))
            .findFirst()
            .orElseThrow();
    assertThat(replay.logIndex()).isEqualTo(original.logIndex());
  }

  @Test
  void theLeafCommitsToFacilityControlIdPayloadHashTimeAndAck() throws Exception {
    NewSubmission s = submission("LAB-9", "C-LEAF", "ACK");
    StoreOutcome outcome = store.store(s).get(10, TimeUnit.SECONDS);
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT leaf FROM log_leaf WHERE leaf_index = ?")) {
      ps.setLong(1, outcome.logIndex());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        var leaf = io.vigil.anchoring.leaf.LogLeaf.decode(rs.getBytes(1));
        assertThat(leaf.sendingFacility()).isEqualTo("LAB-9");
        assertThat(leaf.controlId()).isEqualTo("C-LEAF");
        assertThat(leaf.payloadSha256().bytes()).isEqualTo(s.payloadSha256());
        assertThat(leaf.receivedAt()).isEqualTo(s.receivedAt());
        assertThat(leaf.ackCode()).isEqualTo("AA");
        assertThat(leaf.specimenCollectedAt()).contains(Instant.parse("2025-01-01T08:00:00Z"));
        assertThat(leaf.resultedAt()).isEmpty();
        assertThat(leaf.messageCreatedAt()).contains(Instant.parse("2025-01-01T09:00:00Z"));
        assertThat(leaf.version()).isEqualTo(io.vigil.anchoring.leaf.LogLeaf.VERSION);
      }
    }
  }

  private static NewSubmission withEvent(NewSubmission s) {
    DeidentifiedEvent event =
        TestEvents.labResult(UUID.randomUUID().toString(), "pk-" + s.controlId());
    return new NewSubmission(
        s.id(),
        s.facilityId(),
        s.senderId(),
        s.transport(),
        s.format(),
        s.messageType(),
        s.controlId(),
        s.receivedAt(),
        s.payload(),
        s.payloadSha256(),
        s.charset(),
        s.disposition(),
        s.ackCode(),
        s.findings(),
        s.ackMessage(),
        s.references(),
        List.of(event));
  }

  private long count(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void writesTheEventsOfStoredSubmissionsOnly() throws Exception {
    List<CompletableFuture<StoreOutcome>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // Every control id twice in a row: the second of each pair is a duplicate in the same or
      // the next group, and its events must not reach the outbox.
      futures.add(store.store(withEvent(submission("LAB-1", "E" + (i / 2), "ACK"))));
    }
    for (var f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    assertThat(count("SELECT count(*) FROM event_outbox")).isEqualTo(20);
    assertThat(
            count(
                "SELECT count(*) FROM event_outbox o JOIN submission s ON s.id = o.submission_id"))
        .as("every event belongs to a stored submission")
        .isEqualTo(20);
  }

  @Test
  void eachOutcomeNamesTheLeafOfItsOwnSubmission() throws Exception {
    List<NewSubmission> sent = new ArrayList<>();
    List<CompletableFuture<StoreOutcome>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      NewSubmission s = submission("LAB-" + (i % 3), "O" + i, "ACK");
      sent.add(s);
      futures.add(store.store(s));
    }
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT submission_id FROM log_leaf WHERE leaf_index = ?")) {
      for (int i = 0; i < sent.size(); i++) {
        StoreOutcome o = futures.get(i).get(30, TimeUnit.SECONDS);
        ps.setLong(1, o.logIndex());
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getObject(1, UUID.class)).isEqualTo(sent.get(i).id());
        }
      }
    }
  }

  @Test
  void theDatabaseRefusesToDeleteOrRewriteSubmissionsAndToDeleteSenders() throws Exception {
    store.store(submission("LAB-1", "KEEP", "ACK")).get(10, TimeUnit.SECONDS);
    long senderId;
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery("INSERT INTO sender (facility_id) VALUES ('LAB-1') RETURNING id")) {
      rs.next();
      senderId = rs.getLong(1);
    }
    for (String sql :
        List.of(
            "DELETE FROM submission",
            "TRUNCATE submission CASCADE",
            "UPDATE submission SET ack_code = 'AR'",
            "DELETE FROM sender WHERE id = " + senderId,
            "UPDATE sender SET id = id + 1000 WHERE id = " + senderId)) {
      try (Connection c = db.dataSource().getConnection()) {
        assertThatThrownBy(() -> c.createStatement().execute(sql))
            .as(sql)
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23001"));
      }
    }
    assertThat(rows()).isEqualTo(1);
    try (Connection c = db.dataSource().getConnection()) {
      // Disabling is how a sender is retired, and stays allowed.
      assertThat(
              c.createStatement()
                  .executeUpdate("UPDATE sender SET enabled = false WHERE id = " + senderId))
          .isEqualTo(1);
    }
  }
}
