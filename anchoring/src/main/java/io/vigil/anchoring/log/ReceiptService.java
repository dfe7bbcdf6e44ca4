package io.vigil.anchoring.log;

import io.vigil.anchoring.merkle.ConsistencyProof;
import io.vigil.anchoring.merkle.MerkleTree;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Builds receipts and consistency proofs from the stored log. Blocking. */
public final class ReceiptService {
  private final DataSource dataSource;

  public ReceiptService(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The receipt of a submission, proved against the newest anchored checkpoint that covers it (or
   * the newest checkpoint, while none covering it is anchored yet).
   */
  public Optional<Receipt> forSubmission(UUID submissionId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      long index;
      byte[] leaf;
      try (PreparedStatement ps =
          c.prepareStatement("SELECT leaf_index, leaf FROM log_leaf WHERE submission_id = ?")) {
        ps.setObject(1, submissionId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          index = rs.getLong(1);
          leaf = rs.getBytes(2);
        }
      }
      Optional<CheckpointRecord> checkpoint = CheckpointStore.covering(c, index);
      if (checkpoint.isEmpty()) {
        return Optional.of(
            new Receipt(submissionId, index, leaf, Optional.empty(), Optional.empty()));
      }
      long size = checkpoint.get().treeSize();
      try (DatabaseLog log = DatabaseLog.borrowing(c, size)) {
        return Optional.of(
            new Receipt(
                submissionId,
                index,
                leaf,
                checkpoint,
                Optional.of(new MerkleTree(log).inclusionProof(index, size))));
      }
    }
  }

  /** A consistency proof between two published tree sizes. */
  public ConsistencyProof consistency(long oldSize, long newSize) throws SQLException {
    try (Connection c = dataSource.getConnection();
        DatabaseLog log = DatabaseLog.borrowing(c, newSize)) {
      return new MerkleTree(log).consistencyProof(oldSize, newSize);
    }
  }
}
