package io.vigil.anchoring.log;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * Appends leaves inside the caller's transaction, so a submission and its leaf commit together.
 * Indexes are gapless: a transaction-scoped advisory lock serialises appenders across threads and
 * hub instances until commit, and the next index is read under that lock.
 */
public final class LogAppender {
  /** Advisory lock key of the append path ("VIGILAPP"). */
  static final long APPEND_LOCK = 0x56494749_4C415050L;

  /**
   * Takes the append lock for the rest of the transaction. Run it as a statement of its own before
   * {@link #appendStored}: a statement reads a snapshot taken when it starts, so the next index is
   * read only by a statement that starts after the lock is held.
   */
  public static final String LOCK = "SELECT pg_advisory_xact_lock(" + APPEND_LOCK + ")";

  /**
   * An {@code INSERT} for a data-modifying {@code WITH} query of the caller's, run after {@link
   * #LOCK}: appends, in the given order, a leaf for each candidate whose submission id is in the
   * relation {@code stored} (column {@code id}; e.g. the {@code RETURNING id} of the caller's
   * submission insert, so a duplicate the insert skipped gets no leaf). Three parameters, bound by
   * {@link #bindStored}: submission ids, encoded leaves, leaf hashes. Returns {@code
   * (submission_id, leaf_index)} of each appended leaf.
   */
  public static String appendStored(String stored) {
    return """
        INSERT INTO log_leaf (leaf_index, submission_id, leaf, leaf_hash)
        SELECT (SELECT coalesce(max(leaf_index) + 1, 0) FROM log_leaf)
                 + row_number() OVER (ORDER BY t.ord) - 1,
               t.submission_id, t.leaf, t.leaf_hash
          FROM unnest(?::uuid[], ?::bytea[], ?::bytea[]) WITH ORDINALITY
                 AS t(submission_id, leaf, leaf_hash, ord)
          JOIN %s AS stored ON stored.id = t.submission_id
        RETURNING submission_id, leaf_index
        """
        .formatted(stored);
  }

  private LogAppender() {}

  /**
   * Binds the candidates of {@link #appendStored} from parameter {@code first}; returns the next
   * free parameter index.
   */
  public static int bindStored(
      Connection c, PreparedStatement ps, int first, List<LogEntry> candidates)
      throws SQLException {
    int n = candidates.size();
    UUID[] ids = new UUID[n];
    byte[][] leaves = new byte[n][];
    byte[][] hashes = new byte[n][];
    for (int i = 0; i < n; i++) {
      LogEntry e = candidates.get(i);
      ids[i] = e.submissionId();
      leaves[i] = e.leaf().encode();
      hashes[i] = e.leaf().leafHash().bytes();
    }
    ps.setArray(first, c.createArrayOf("uuid", ids));
    ps.setArray(first + 1, c.createArrayOf("bytea", leaves));
    ps.setArray(first + 2, c.createArrayOf("bytea", hashes));
    return first + 3;
  }

  /**
   * Appends {@code entries} in order and returns the index of the first one.
   *
   * @param c a connection with auto-commit off; the caller commits
   */
  public static long append(Connection c, List<LogEntry> entries) throws SQLException {
    if (entries.isEmpty()) {
      return -1;
    }
    try (Statement s = c.createStatement()) {
      s.execute(LOCK);
      long first;
      try (ResultSet rs = s.executeQuery("SELECT coalesce(max(leaf_index) + 1, 0) FROM log_leaf")) {
        rs.next();
        first = rs.getLong(1);
      }
      int n = entries.size();
      Object[] indexes = new Object[n];
      Object[] ids = new Object[n];
      byte[][] leaves = new byte[n][];
      byte[][] hashes = new byte[n][];
      for (int i = 0; i < n; i++) {
        LogEntry e = entries.get(i);
        indexes[i] = first + i;
        ids[i] = e.submissionId();
        leaves[i] = e.leaf().encode();
        hashes[i] = e.leaf().leafHash().bytes();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO log_leaf (leaf_index, submission_id, leaf, leaf_hash)"
                  + " SELECT * FROM unnest(?::int8[], ?::uuid[], ?::bytea[], ?::bytea[])")) {
        Array[] arrays = {
          c.createArrayOf("int8", indexes),
          c.createArrayOf("uuid", ids),
          c.createArrayOf("bytea", leaves),
          c.createArrayOf("bytea", hashes)
        };
        for (int i = 0; i < arrays.length; i++) {
          ps.setArray(i + 1, arrays[i]);
        }
        ps.executeUpdate();
      }
      return first;
    }
  }
}
