package io.vigil.ingest.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Whether this instance can store submissions now ({@code /health/ready}): the database answers,
 * takes writes (not a standby, not read-only), and the store has not been refused a write in the
 * last seconds ({@link WriteOutage#refusing()}; the only sign of a full disk). Blocking: call off
 * the event loop.
 */
public final class StoreReadiness {
  private static final String PROBE =
      "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'";

  private final DataSource dataSource;
  private final WriteOutage outage;

  public StoreReadiness(DataSource dataSource, WriteOutage outage) {
    this.dataSource = dataSource;
    this.outage = outage;
  }

  /** True when the store can take writes. */
  public boolean ready() {
    if (outage.refusing()) {
      return false;
    }
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(2);
      try (ResultSet rs = s.executeQuery(PROBE)) {
        if (rs.next() && !rs.getBoolean(1)) {
          return true;
        }
      }
      // A read-only session stays read-only after the database is writable again: retire it.
      evict(c);
      return false;
    } catch (SQLException e) {
      return false;
    }
  }

  private void evict(Connection c) throws SQLException {
    if (dataSource.isWrapperFor(HikariDataSource.class)) {
      dataSource.unwrap(HikariDataSource.class).evictConnection(c);
    }
  }
}
