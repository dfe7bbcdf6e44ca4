package io.vigil.anchoring.log;

import io.vigil.anchoring.checkpoint.Checkpoint;
import io.vigil.anchoring.checkpoint.CheckpointSigner;
import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.MerkleHash;
import io.vigil.anchoring.merkle.MerkleTree;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes signed checkpoints of the log. Only one hub instance sequences at a time: the leader
 * holds a session-level advisory lock on a connection it keeps open; if that connection dies, the
 * lock is released and another instance takes over on its next tick.
 *
 * <p>Each publication extends the stored perfect-subtree hashes over the leaves appended since the
 * last checkpoint, computes the root, signs a C2SP checkpoint and stores it — in one transaction.
 */
public final class LogSequencer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogSequencer.class);

  /** Advisory lock key of the sequencer role ("VIGILSEQ"). */
  static final long LEADER_LOCK = 0x56494749_4C534551L;

  private final DataSource dataSource;
  private final CheckpointSigner signer;
  private final String origin;
  private final Clock clock;
  private Connection leaderConnection;

  public LogSequencer(DataSource dataSource, CheckpointSigner signer, String origin, Clock clock) {
    this.dataSource = dataSource;
    this.signer = signer;
    this.origin = origin;
    this.clock = clock;
  }

  /** True when this instance holds (or just acquired) the sequencer lock. */
  public synchronized boolean lead() {
    try {
      if (leaderConnection != null && leaderConnection.isValid(2)) {
        return true;
      }
      closeLeaderConnection();
      Connection c = dataSource.getConnection();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LEADER_LOCK + ")")) {
        rs.next();
        if (rs.getBoolean(1)) {
          leaderConnection = c;
          LOG.info("log sequencer leadership acquired [origin: {}]", origin);
          return true;
        }
      }
      c.close();
      return false;
    } catch (SQLException e) {
      LOG.warn("log sequencer cannot reach the database [error: {}]", e.getMessage());
      closeLeaderConnection();
      return false;
    }
  }

  /**
   * Publishes a checkpoint when the log grew since the last one and this instance leads.
   *
   * @return the new checkpoint, or empty when there was nothing to do
   */
  public synchronized Optional<CheckpointRecord> publishIfGrown() throws SQLException {
    if (!lead()) {
      return Optional.empty();
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        long last = scalar(c, "SELECT coalesce(max(tree_size), 0) FROM log_checkpoint");
        long size = scalar(c, "SELECT coalesce(max(leaf_index) + 1, 0) FROM log_leaf");
        if (size <= last) {
          c.rollback();
          return Optional.empty();
        }
        extendSubtrees(c, last, size);
        // Same transaction: sees the subtree rows just written, so the root is O(log n) reads.
        Hash root;
        try (DatabaseLog log = DatabaseLog.borrowing(c, size)) {
          root = new MerkleTree(log).root(size);
        }
        Instant now = clock.instant();
        String note = signer.sign(Checkpoint.of(origin, size, root, now));
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO log_checkpoint (tree_size, root_hash, note, created_at)"
                    + " VALUES (?, ?, ?, ?)")) {
          ps.setLong(1, size);
          ps.setBytes(2, root.bytes());
          ps.setString(3, note);
          ps.setTimestamp(4, Timestamp.from(now));
          ps.executeUpdate();
        }
        c.commit();
        LOG.info("checkpoint published [origin: {}, size: {}, root: {}]", origin, size, root.hex());
        return Optional.of(new CheckpointRecord(size, root, note, now, Optional.empty()));
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        pending.clear();
      }
    }
  }

  /** Subtree hashes computed in the current publication, not yet committed. */
  private final Map<Long, Hash> pending = new HashMap<>();

  private static long key(int level, long index) {
    return ((long) level << 56) | index;
  }

  /** Stores every perfect subtree completed by leaves {@code [from, to)}. */
  private void extendSubtrees(Connection c, long from, long to) throws SQLException {
    List<Hash> leaves = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT leaf_hash FROM log_leaf WHERE leaf_index >= ? AND leaf_index < ?"
                + " ORDER BY leaf_index")) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          leaves.add(Hash.of(rs.getBytes(1)));
        }
      }
    }
    if (leaves.size() != to - from) {
      throw new SQLException("log has a gap between " + from + " and " + to, "XX001");
    }
    List<Object[]> rows = new ArrayList<>();
    try (DatabaseLog stored = DatabaseLog.borrowing(c, to)) {
      for (long i = from; i < to; i++) {
        Hash h = leaves.get((int) (i - from));
        int level = 0;
        long index = i;
        while ((index & 1) == 1) {
          Hash left =
              level == 0
                  ? (i - 1 >= from ? leaves.get((int) (i - 1 - from)) : stored.leafHash(i - 1))
                  : storedOrPending(stored, level, index - 1);
          h = MerkleHash.nodeHash(left, h);
          level++;
          index >>= 1;
          pending.put(key(level, index), h);
          rows.add(new Object[] {level, index, h.bytes()});
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO log_subtree (level, idx, hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      for (Object[] row : rows) {
        ps.setInt(1, (Integer) row[0]);
        ps.setLong(2, (Long) row[1]);
        ps.setBytes(3, (byte[]) row[2]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private Hash storedOrPending(DatabaseLog stored, int level, long index) {
    Hash h = pending.get(key(level, index));
    return h != null ? h : stored.subtree(level, index);
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private synchronized void closeLeaderConnection() {
    if (leaderConnection != null) {
      try {
        leaderConnection.close(); // releases the session advisory lock
      } catch (SQLException ignored) {
        // already broken
      }
      leaderConnection = null;
    }
  }

  @Override
  public void close() {
    closeLeaderConnection();
  }
}
