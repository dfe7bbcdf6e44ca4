package io.vigil.anchoring.log;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Appends leaves inside the caller's transaction, so a submission and its leaf commit together.
 * Indexes are gapless: a transaction-scoped advisory lock serialises appenders across threads and
 * hub instances until commit, and the next index is read under that lock.
 */
public final class LogAppender {
  /** Advisory lock key of the append path ("VIGILAPP"). */
  static final long APPEND_LOCK = 0x56494749_4C415050L;

  private LogAppender() {}

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
      s.execute("SELECT pg_advisory_xact_lock(" + APPEND_LOCK + ")");
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
