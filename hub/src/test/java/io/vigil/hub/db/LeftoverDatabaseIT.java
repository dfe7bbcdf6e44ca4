package io.vigil.hub.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.StartupRefused;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops6 #6: a hub killed with {@code kill -9} leaves its embedded PostgreSQL running (pg_ctl
 * detached it). The next start on the same data dir stops that orphan and starts; a server whose
 * owner is alive is left alone.
 */
class LeftoverDatabaseIT {
  @TempDir Path dir;

  private Process owner;

  @AfterEach
  void stopOwner() throws Exception {
    if (owner != null && owner.isAlive()) {
      owner.destroy(); // SIGTERM: zonky's hook stops its server
      owner.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theServerOfAKilledOwnerIsStoppedAndTheNextStartSucceeds() throws Exception {
    Path data = dir.resolve("postgres");
    owner = startOwner(data);
    owner.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: no hook runs
    long orphan = postmasterPid(data);
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
        .as("the killed owner's PostgreSQL is still running")
        .contains(true);

    try (EmbeddedDatabase db = EmbeddedDatabase.start(data)) {
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
          ResultSet rs = c.createStatement().executeQuery("select 1")) {
        assertThat(rs.next()).isTrue();
      }
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
          .isNotEqualTo(java.util.Optional.of(true));
      assertThat(postmasterPid(data)).isNotEqualTo(orphan);
    }
  }

  @Test
  void theServerOfALiveOwnerIsLeftAlone() throws Exception {
    Path data = dir.resolve("postgres");
    owner = startOwner(data);
    long server = postmasterPid(data);

    assertThatThrownBy(() -> EmbeddedDatabase.start(data))
        .isInstanceOf(StartupRefused.class)
        .hasMessage(
            "the embedded database in "
                + data
                + " is in use by another running hub (it holds "
                + data.resolve("epg-lock")
                + "); stop that hub or use another --data-dir");
    assertThat(ProcessHandle.of(server).map(ProcessHandle::isAlive)).contains(true);
    assertThat(owner.isAlive()).isTrue();
  }

  private static Process startOwner(Path data) throws Exception {
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    DatabaseOwner.class.getName(),
                    data.toString()))
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("ready ")) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // keep the pipe open and empty
                    }
                  } catch (java.io.IOException ignored) {
                    // the owner is gone
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return process;
      }
    }
    throw new AssertionError("the owner exited before its database was ready");
  }

  private static long postmasterPid(Path data) throws Exception {
    return Long.parseLong(
        Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.US_ASCII)
            .get(0)
            .strip());
  }
}
