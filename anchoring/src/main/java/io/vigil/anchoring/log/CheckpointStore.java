package io.vigil.anchoring.log;

import io.vigil.anchoring.merkle.Hash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Checkpoints in {@code log_checkpoint}: listing, lookup, and recording their anchoring. */
public final class CheckpointStore {
  private static final String COLUMNS =
      "tree_size, root_hash, note, created_at, chain_id, contract, tx_hash, block_number,"
          + " block_time, gas_used";

  private final DataSource dataSource;

  public CheckpointStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Newest first, at most {@code limit}. */
  public List<CheckpointRecord> list(int limit) throws SQLException {
    return query("ORDER BY tree_size DESC LIMIT " + Math.max(1, limit));
  }

  public Optional<CheckpointRecord> latest() throws SQLException {
    return query("ORDER BY tree_size DESC LIMIT 1").stream().findFirst();
  }

  public Optional<CheckpointRecord> atSize(long treeSize) throws SQLException {
    return query("WHERE tree_size = " + treeSize).stream().findFirst();
  }

  /** The newest anchored checkpoint. */
  public Optional<CheckpointRecord> latestAnchored() throws SQLException {
    return query("WHERE tx_hash IS NOT NULL ORDER BY tree_size DESC LIMIT 1").stream().findFirst();
  }

  /**
   * The anchored checkpoints that are the first anchoring of some leaf in {@code [start, end)}:
   * every anchored one with a tree size in {@code (start, end)} and the smallest anchored one of at
   * least {@code end}, in increasing tree size (see {@code AnchorTimeline.firstCovering}).
   */
  public List<CheckpointRecord> anchoredCovering(long start, long end) throws SQLException {
    if (end <= start) {
      return List.of();
    }
    return query(
        "WHERE tx_hash IS NOT NULL AND tree_size > "
            + start
            + " AND tree_size <= coalesce((SELECT min(tree_size) FROM log_checkpoint"
            + " WHERE tx_hash IS NOT NULL AND tree_size >= "
            + end
            + "), "
            + Long.MAX_VALUE
            + ") ORDER BY tree_size");
  }

  /**
   * The newest checkpoint not yet anchored and larger than every anchored one: anchoring it covers
   * all older unanchored checkpoints too (the log is append-only).
   */
  public Optional<CheckpointRecord> newestUnanchored() throws SQLException {
    return query(
            "WHERE tx_hash IS NULL AND tree_size > coalesce((SELECT max(tree_size) FROM"
                + " log_checkpoint WHERE tx_hash IS NOT NULL), 0) ORDER BY tree_size DESC LIMIT 1")
        .stream()
        .findFirst();
  }

  /** Number of checkpoints waiting to be anchored (the backlog). */
  public long unanchoredCount() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM log_checkpoint WHERE tx_hash IS NULL AND tree_size >"
                    + " coalesce((SELECT max(tree_size) FROM log_checkpoint WHERE tx_hash IS NOT"
                    + " NULL), 0)");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  public void markAnchored(long treeSize, AnchorInfo anchor) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE log_checkpoint SET chain_id = ?, contract = ?, tx_hash = ?,"
                    + " block_number = ?, block_time = ?, gas_used = ?, anchored_at = now()"
                    + " WHERE tree_size = ?")) {
      ps.setLong(1, anchor.chainId());
      ps.setString(2, anchor.contract());
      ps.setString(3, anchor.txHash());
      ps.setLong(4, anchor.blockNumber());
      ps.setTimestamp(5, Timestamp.from(anchor.blockTime()));
      ps.setLong(6, anchor.gasUsed());
      ps.setLong(7, treeSize);
      ps.executeUpdate();
    }
  }

  /**
   * The checkpoint a receipt for leaf {@code index} is proved against: the newest anchored one
   * covering it, else the newest covering it. Runs on the caller's connection.
   */
  static Optional<CheckpointRecord> covering(Connection c, long index) throws SQLException {
    return query(
            c,
            "WHERE tree_size > "
                + index
                + " ORDER BY (tx_hash IS NOT NULL) DESC, tree_size DESC LIMIT 1")
        .stream()
        .findFirst();
  }

  private List<CheckpointRecord> query(String tail) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return query(c, tail);
    }
  }

  private static List<CheckpointRecord> query(Connection c, String tail) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM log_checkpoint " + tail);
        ResultSet rs = ps.executeQuery()) {
      List<CheckpointRecord> out = new ArrayList<>();
      while (rs.next()) {
        Optional<AnchorInfo> anchor =
            rs.getString(7) == null
                ? Optional.empty()
                : Optional.of(
                    new AnchorInfo(
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getLong(8),
                        rs.getObject(9, OffsetDateTime.class).toInstant(),
                        rs.getLong(10)));
        out.add(
            new CheckpointRecord(
                rs.getLong(1),
                Hash.of(rs.getBytes(2)),
                rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(),
                anchor));
      }
      return out;
    }
  }
}
