package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.db.EmbeddedDatabase;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil start-dev} with its embedded PostgreSQL, stopped with SIGTERM: the hub drains and
 * publishes its last checkpoint while the database is still up, then stops the database, with no
 * errors on the way and no server left running.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CleanStopIT {
  @TempDir Path dir;

  @Test
  void sigtermStopsTheHubBeforeItsEmbeddedDatabase() throws Exception {
    Path config = dir.resolve("hub.properties");
    Files.writeString(config, "chain.mode=off\nkafka.mode=off\nanalytics.mode=off\n");
    Path data = dir.resolve("hub");
    int mllpPort;
    try (ServerSocket s = new ServerSocket(0)) {
      mllpPort = s.getLocalPort();
    }
    HubProcess hub =
        HubProcess.startDev(
            java.util.List.of("-Dorg.slf4j.simpleLogger.log.io.vigil=info"),
            "--config",
            config.toString(),
            "--data-dir",
            data.toString(),
            "--mllp-port",
            Integer.toString(mllpPort),
            "--http-port",
            "0");
    int sent = 25;
    try (MllpClient client = new MllpClient(mllpPort)) {
      for (int i = 0; i < sent; i++) {
        assertThat(MllpClient.ackCode(client.send(TestMessages.elr("99D9999999", "STOP-" + i))))
            .isEqualTo("AA");
      }
    }

    hub.close(); // SIGTERM, then wait for the process to end

    String output = hub.output();
    hub.saveOutput("CleanStopIT");
    // The JVM reports a SIGTERM it handled as 143 (128 + 15); 137 would mean it had to be killed.
    assertThat(hub.exitCode()).as("exit status").isIn(0, 143);
    String afterStop = output.substring(output.indexOf("stopping hub"));
    assertThat(afterStop)
        .contains("hub stopped")
        .doesNotContain("cannot reach the database")
        .doesNotContain("has been closed")
        .doesNotContain("Connection is not available")
        .doesNotContain("ERROR");
    assertThat(data.resolve("postgres").resolve("postmaster.pid"))
        .as("PostgreSQL stopped with the hub")
        .doesNotExist();

    // The final checkpoint, published on the way down, covers every stored message.
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(data.resolve("postgres"));
        Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT (SELECT count(*) FROM submission),"
                        + " (SELECT coalesce(max(tree_size), 0) FROM log_checkpoint)")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(sent);
      assertThat(rs.getLong(2)).as("last checkpoint's tree size").isEqualTo(sent);
    }
  }
}
