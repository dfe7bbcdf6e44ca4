package io.vigil.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.ReferenceInstants;
import io.vigil.ingest.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The newest-first listing of submissions: pages, cursors, facility filter, own-sender scope. */
class SubmissionListIT {
  private Database db;
  private SubmissionStore store;
  private SubmissionQueries queries;
  private long labA;
  private long labB;

  /** Ids as stored, oldest first. */
  private final List<UUID> ids = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    db = TestPostgres.openFresh();
    store = new SubmissionStore(db.dataSource(), StoreConfig.defaults(), new SimpleMeterRegistry());
    queries = new SubmissionQueries(db.dataSource());
    labA = register("LAB-A");
    labB = register("LAB-B");
    // 25 submissions, a millisecond apart in their time-ordered ids: 15 from A, 10 from B.
    long t0 = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
    for (int i = 0; i < 25; i++) {
      boolean fromA = i % 5 < 3;
      UUID id = timeOrdered(t0 + i);
      store
          .store(submission(id, fromA ? "LAB-A" : "LAB-B", fromA ? labA : labB, "C" + i))
          .get(10, TimeUnit.SECONDS);
      ids.add(id);
    }
  }

  @AfterEach
  void close() {
    store.close();
    db.close();
  }

  @Test
  void pagesWalkEverySubmissionNewestFirstOnce() throws Exception {
    List<UUID> seen = new ArrayList<>();
    UUID cursor = null;
    int pages = 0;
    do {
      SubmissionPage page = queries.list(cursor, null, null, 10);
      page.rows().forEach(r -> seen.add(r.id()));
      cursor = page.next();
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    List<UUID> newestFirst = new ArrayList<>(ids);
    Collections.reverse(newestFirst);
    assertThat(seen).containsExactlyElementsOf(newestFirst);
  }

  @Test
  void aFullLastPageHasNoNextCursor() throws Exception {
    SubmissionPage first = queries.list(null, null, null, 20);
    assertThat(first.next()).isEqualTo(first.rows().get(19).id());
    SubmissionPage last = queries.list(first.next(), null, null, 5);
    assertThat(last.rows()).hasSize(5);
    assertThat(last.next()).isNull();
  }

  @Test
  void rowsCarryMetadataAndTheirLeaf() throws Exception {
    SubmissionSummary newest = queries.list(null, null, null, 1).rows().get(0);
    assertThat(newest.id()).isEqualTo(ids.get(24));
    assertThat(newest.controlId()).isEqualTo("C24");
    assertThat(newest.facilityId()).isEqualTo("LAB-B");
    assertThat(newest.messageType()).isEqualTo("ORU^R01");
    assertThat(newest.ackCode()).isEqualTo("AA");
    assertThat(newest.disposition()).isEqualTo("accept");
    assertThat(newest.leafIndex()).isEqualTo(leafOf(newest.id()));
  }

  @Test
  void aSenderScopeOrFacilityFilterKeepsOnlyThatSender() throws Exception {
    SubmissionPage own = queries.list(null, null, labA, 100);
    assertThat(own.rows()).hasSize(15).allMatch(r -> r.facilityId().equals("LAB-A"));
    assertThat(queries.list(null, "LAB-B", null, 100).rows())
        .hasSize(10)
        .allMatch(r -> r.facilityId().equals("LAB-B"));
    // Asking for the other facility under one's own scope yields nothing.
    assertThat(queries.list(null, "LAB-B", labA, 100).rows()).isEmpty();
    // Paging within a scope stays in it.
    SubmissionPage first = queries.list(null, null, labB, 4);
    SubmissionPage second = queries.list(first.next(), null, labB, 100);
    assertThat(first.rows().size() + second.rows().size()).isEqualTo(10);
    assertThat(second.rows()).allMatch(r -> r.facilityId().equals("LAB-B"));
  }

  @Test
  void refusesALimitOutsideOneToAHundred() {
    assertThatThrownBy(() -> queries.list(null, null, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> queries.list(null, null, null, 101))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private long leafOf(UUID id) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT leaf_index FROM log_leaf WHERE submission_id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getLong(1);
      }
    }
  }

  private long register(String facility) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO sender (facility_id) VALUES (?) RETURNING id")) {
      ps.setString(1, facility);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** A version 7 UUID at {@code millis}, so id order is the order stored here. */
  private static UUID timeOrdered(long millis) {
    long msb = (millis << 16) | 0x7000L;
    return new UUID(
        msb, 0x8000_0000_0000_0000L | UUID.randomUUID().getLeastSignificantBits() >>> 2);
  }

  private static NewSubmission submission(UUID id, String facility, long senderId, String control)
      throws Exception {
    byte[] payload =
        ("MSH|^~\\&|APP|" + facility + "|||20260301||ORU^R01|" + control + "|P|2.5.1\rPID|1")
            .getBytes(StandardCharsets.UTF_8);
    return new NewSubmission(
        id,
        facility,
        senderId,
        "mllp",
        "hl7v2",
        "ORU^R01",
        control,
        Instant.parse("2026-03-01T12:00:00Z"),
        payload,
        MessageDigest.getInstance("SHA-256").digest(payload),
        "UTF-8",
        Disposition.ACCEPT,
        AckCode.AA,
        List.of(),
        "ACK",
        new ReferenceInstants(Optional.empty(), Optional.empty(), Optional.empty()),
        List.of());
  }
}
