package io.vigil.analytics.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL per test JVM (started from Maven artifacts), with a fresh database per caller
 * (same pattern as ingest's TestPostgres).
 */
public final class TestPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        // Durable commits, as in production (zonky's default turns synchronous_commit off).
        server = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start embedded PostgreSQL", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop));
    }
    return server;
  }

  private static synchronized void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException ignored) {
      // JVM is exiting.
    }
  }

  /** A new empty database on the shared server; returns its JDBC URL (user/password postgres). */
  public static String freshDatabase() {
    String name = "vigil_analytics_" + DATABASES.incrementAndGet();
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database", e);
    }
    return server().getJdbcUrl("postgres", name);
  }
}
