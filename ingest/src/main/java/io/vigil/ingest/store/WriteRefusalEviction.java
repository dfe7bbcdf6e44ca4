package io.vigil.ingest.store;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells the pool to drop a connection that hit a read-only or out-of-resources error, besides the
 * connection errors it drops anyway. A session opened while the database was read-only ({@code
 * default_transaction_read_only}, a standby) stays read-only after the database is writable again,
 * and one that hit a full disk may hold server-side state worth discarding: a fresh connection is
 * what makes recovery automatic.
 */
public final class WriteRefusalEviction implements SQLExceptionOverride {
  @java.lang.Override // the interface's nested enum is also named Override
  public Override adjudicate(SQLException e) {
    String state = e.getSQLState();
    if (state != null && (state.equals("25006") || state.startsWith("53"))) {
      return Override.MUST_EVICT;
    }
    return Override.CONTINUE_EVICT;
  }
}
