package io.vigil.ingest.store;

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
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The SQL of one group commit and its parameters: the submissions (a duplicate of a stored
 * (facility, control id) is skipped and keeps its original), the de-identified events and the log
 * leaf of each submission stored, so the outbox never lacks an accepted message's events and the
 * log never lacks a stored message. Sent in autocommit as one round trip: pgjdbc sends the
 * statements with one Sync, so the server runs them in one implicit transaction and commits it
 * before it answers (ADR 0002).
 */
final class GroupStatement {
  /** The submission and event inserts; {@code stored} is the {@code RETURNING id} of the first. */
  private static final String INSERTS =
      """
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
      )
      """;

  /**
   * The ordinary lane: everything after the log's append lock, in one statement. A round trip costs
   * both processes CPU, and at the group sizes of a 2-core hub more statements cost more than the
   * rows; inserting before the lock was measured slower for ordinary messages (ADR 0002).
   */
  private static final String ORDINARY =
      LogAppender.LOCK
          + ";\n"
          + INSERTS
          + ", leaves AS (\n"
          + LogAppender.appendStored("stored")
          + ")\nSELECT submission_id, leaf_index FROM leaves";

  /**
   * The submissions this transaction stored, for a leaf insert in a later statement: a candidate id
   * is stored when its row exists (ids are new, so only this transaction can have written it).
   * {@code EXISTS (… OFFSET 0)} keeps the primary-key lookup; a join on {@code submission} gets a
   * cached generic plan that scans the table (ADR 0002).
   */
  private static final String STORED_BY_ID =
      "(SELECT u.id FROM unnest(?::uuid[]) AS u(id)"
          + " WHERE EXISTS (SELECT 1 FROM submission s WHERE s.id = u.id OFFSET 0))";

  /**
   * The large lane: the inserts, then the lock, then the leaves. Writing a multi-megabyte payload
   * (its parameter decoded from text, TOAST, WAL) takes tens to hundreds of milliseconds; before
   * the lock, the ordinary lane's groups commit meanwhile and wait only for the leaf insert and the
   * commit.
   */
  private static final String LARGE =
      INSERTS
          + "SELECT count(*) FROM stored;\n"
          + LogAppender.LOCK
          + ";\nWITH leaves AS (\n"
          + LogAppender.appendStored(STORED_BY_ID)
          + ")\nSELECT submission_id, leaf_index FROM leaves";

  private GroupStatement() {}

  /**
   * Writes and commits one group on {@code c} (autocommit) and returns {@code (submission_id,
   * leaf_index)} of each submission stored; a duplicate has no entry.
   *
   * @param large whether to insert before the append lock (the large lane) or after it
   */
  static Map<UUID, Long> commit(Connection c, boolean large, List<NewSubmission> group)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(large ? LARGE : ORDINARY)) {
      int next = bindSubmissions(c, ps, group);
      next = bindEvents(c, ps, next, group);
      List<LogEntry> leaves = new ArrayList<>(group.size());
      for (NewSubmission s : group) {
        leaves.add(new LogEntry(s.id(), leafOf(s)));
      }
      next = LogAppender.bindStored(c, ps, next, leaves);
      if (large) {
        ps.setArray(
            next,
            c.createArrayOf("uuid", group.stream().map(NewSubmission::id).toArray(UUID[]::new)));
      }
      return readLeaves(ps, large ? 3 : 2);
    }
  }

  /**
   * Reads the statement's results in order; the last is {@code (submission_id, leaf_index)} of each
   * submission stored.
   */
  private static Map<UUID, Long> readLeaves(PreparedStatement ps, int results) throws SQLException {
    Map<UUID, Long> leafIndexes = new HashMap<>();
    boolean isResultSet = ps.execute();
    int result = 0;
    while (isResultSet || ps.getUpdateCount() != -1) {
      if (isResultSet) {
        try (ResultSet rs = ps.getResultSet()) {
          while (result == results - 1 && rs.next()) {
            leafIndexes.put(rs.getObject(1, UUID.class), rs.getLong(2));
          }
        }
      }
      result++;
      isResultSet = ps.getMoreResults();
    }
    if (result != results) {
      throw new SQLException(
          "group statement returned " + result + " results, expected " + results);
    }
    return leafIndexes;
  }

  private static int bindSubmissions(Connection c, PreparedStatement ps, List<NewSubmission> group)
      throws SQLException {
    int n = group.size();
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
      NewSubmission s = group.get(i);
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
      dispositions[i] = s.disposition().name().toLowerCase(Locale.ROOT);
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

  private static int bindEvents(
      Connection c, PreparedStatement ps, int first, List<NewSubmission> group)
      throws SQLException {
    List<UUID> submissionIds = new ArrayList<>();
    List<UUID> eventIds = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<String> payloads = new ArrayList<>();
    for (NewSubmission s : group) {
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
}
