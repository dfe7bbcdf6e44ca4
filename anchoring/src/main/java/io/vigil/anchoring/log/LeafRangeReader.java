package io.vigil.anchoring.log;

import io.vigil.anchoring.merkle.InclusionProof;
import io.vigil.anchoring.merkle.MerkleTree;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads runs of stored leaves, with inclusion proofs, and locates the leaves received in a period.
 * What a timeliness statement is computed from and what its verifier fetches. Blocking.
 */
public final class LeafRangeReader {
  /** Most leaves served in one page. */
  public static final int MAX_PAGE = 1000;

  private final DataSource dataSource;

  public LeafRangeReader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** One stored leaf, its index and, when asked for, its inclusion proof. */
  public record IndexedLeaf(long index, byte[] leaf, Optional<InclusionProof> proof) {}

  /**
   * The index range {@code [start, end)} (below {@code treeSize}) spanning every leaf whose
   * submission was received in {@code [from, to)}; empty when there is none.
   */
  public Optional<long[]> locate(Instant from, Instant to, long treeSize) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT min(l.leaf_index), max(l.leaf_index) FROM log_leaf l"
                    + " JOIN submission s ON s.id = l.submission_id"
                    + " WHERE s.received_at >= ? AND s.received_at < ? AND l.leaf_index < ?")) {
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(to));
      ps.setLong(3, treeSize);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long min = rs.getLong(1);
        if (rs.wasNull()) {
          return Optional.empty();
        }
        return Optional.of(new long[] {min, rs.getLong(2) + 1});
      }
    }
  }

  /**
   * Leaves {@code [start, end)}, which must lie below {@code treeSize}; with inclusion proofs
   * against that size when {@code withProofs}.
   */
  public List<IndexedLeaf> leaves(long start, long end, long treeSize, boolean withProofs)
      throws SQLException {
    if (start < 0 || end < start || end > treeSize) {
      throw new IllegalArgumentException("need 0 <= start <= end <= treeSize");
    }
    List<IndexedLeaf> out = new ArrayList<>((int) Math.min(end - start, MAX_PAGE));
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT leaf_index, leaf FROM log_leaf WHERE leaf_index >= ? AND leaf_index < ?"
                  + " ORDER BY leaf_index")) {
        ps.setLong(1, start);
        ps.setLong(2, end);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new IndexedLeaf(rs.getLong(1), rs.getBytes(2), Optional.empty()));
          }
        }
      }
      if (withProofs) {
        try (DatabaseLog log = DatabaseLog.borrowing(c, treeSize)) {
          MerkleTree tree = new MerkleTree(log);
          out.replaceAll(
              l ->
                  new IndexedLeaf(
                      l.index(), l.leaf(), Optional.of(tree.inclusionProof(l.index(), treeSize))));
        }
      }
    }
    return out;
  }
}
