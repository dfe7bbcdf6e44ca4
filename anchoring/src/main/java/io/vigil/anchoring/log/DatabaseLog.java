package io.vigil.anchoring.log;

import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.HashReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The log as stored in PostgreSQL, seen at a fixed tree size: leaf hashes from {@code log_leaf},
 * perfect-subtree hashes from {@code log_subtree} (recomputed from below when not stored yet).
 * Holds one connection; close it when done.
 */
public final class DatabaseLog implements HashReader, AutoCloseable {
  private final Connection connection;
  private final boolean ownsConnection;
  private final long size;
  private final PreparedStatement leaf;
  private final PreparedStatement subtree;

  /**
   * @param connection a connection this reader owns and closes
   * @param size the tree size to present; leaves {@code [0, size)} must exist
   */
  public DatabaseLog(Connection connection, long size) throws SQLException {
    this(connection, size, true);
  }

  private DatabaseLog(Connection connection, long size, boolean ownsConnection)
      throws SQLException {
    this.connection = connection;
    this.ownsConnection = ownsConnection;
    this.size = size;
    this.leaf = connection.prepareStatement("SELECT leaf_hash FROM log_leaf WHERE leaf_index = ?");
    this.subtree =
        connection.prepareStatement("SELECT hash FROM log_subtree WHERE level = ? AND idx = ?");
  }

  /** A reader on the caller's connection (and transaction), which it does not close. */
  static DatabaseLog borrowing(Connection connection, long size) throws SQLException {
    return new DatabaseLog(connection, size, false);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public Hash leafHash(long index) {
    try {
      leaf.setLong(1, index);
      try (ResultSet rs = leaf.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("log has no leaf " + index);
        }
        return Hash.of(rs.getBytes(1));
      }
    } catch (SQLException e) {
      throw new LogStorageException("reading leaf " + index, e);
    }
  }

  @Override
  public Hash subtree(int level, long index) {
    if (level == 0) {
      return leafHash(index);
    }
    try {
      subtree.setInt(1, level);
      subtree.setLong(2, index);
      try (ResultSet rs = subtree.executeQuery()) {
        if (rs.next()) {
          return Hash.of(rs.getBytes(1));
        }
      }
    } catch (SQLException e) {
      throw new LogStorageException("reading subtree " + level + "/" + index, e);
    }
    return HashReader.super.subtree(level, index);
  }

  @Override
  public void close() throws SQLException {
    leaf.close();
    subtree.close();
    if (ownsConnection) {
      connection.close();
    }
  }

  /** A database failure while reading the log. */
  public static final class LogStorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LogStorageException(String what, SQLException cause) {
      super(what + ": " + cause.getMessage(), cause);
    }
  }
}
