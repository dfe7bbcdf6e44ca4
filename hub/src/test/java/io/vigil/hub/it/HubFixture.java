package io.vigil.hub.it;

import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A dev-mode hub on free ports with its own embedded PostgreSQL, plus SQL helpers for asserts. */
final class HubFixture implements AutoCloseable {
  final VigilHub hub;

  HubFixture(Path dataDir) throws Exception {
    this(HubConfig.forDev(dataDir));
  }

  /** A hub from {@code config} on free ports. */
  HubFixture(HubConfig config) throws Exception {
    hub = VigilHub.start(config.withMllpPort(0).withHttpPort(0));
  }

  /** The value of a single-value SQL query. */
  long scalar(String query) throws SQLException {
    try (Connection c = sql();
        PreparedStatement ps = c.prepareStatement(query);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** {@code Bearer <token>} of {@code role}'s dev principal (sender, analyst, auditor, admin). */
  String bearer(String role) {
    return "Bearer " + hub.devCredentials().get(role);
  }

  Connection sql() throws SQLException {
    return DriverManager.getConnection(hub.jdbcUrl(), "postgres", "postgres");
  }

  long count(String where, Object... args) throws SQLException {
    try (Connection c = sql();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM submission WHERE " + where)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  byte[] payload(String controlId) throws SQLException {
    try (Connection c = sql();
        PreparedStatement ps =
            c.prepareStatement("SELECT payload FROM submission WHERE control_id = ?")) {
      ps.setString(1, controlId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    }
  }

  @Override
  public void close() {
    hub.close();
  }
}
