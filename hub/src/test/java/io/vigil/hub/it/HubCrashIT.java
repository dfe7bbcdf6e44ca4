package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.hub.db.EmbeddedDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the hub process under MLLP load, then a restart: every control id that got AA
 * is stored exactly once, and the submission log has one leaf per submission with no gap.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HubCrashIT {
  @TempDir Path dir;

  private final Map<String, String> acks = new ConcurrentHashMap<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicBoolean sending = new AtomicBoolean(true);

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts the hub as its own JVM, with anchoring off, on a fixed MLLP port. */
  private HubProcess startHub(String dbUrl, int mllpPort) throws Exception {
    Path config = dir.resolve("hub.properties");
    Files.writeString(config, "chain.mode=off\n");
    return HubProcess.startDev(
        "--config",
        config.toString(),
        "--data-dir",
        dir.resolve("hub").toString(),
        "--db-url",
        dbUrl,
        "--mllp-port",
        Integer.toString(mllpPort),
        "--http-port",
        "0");
  }

  private void sendUntilStopped(int port) {
    while (sending.get()) {
      try (MllpClient client = new MllpClient(port)) {
        while (sending.get()) {
          String id = "CRASH-" + sequence.incrementAndGet();
          acks.put(id, MllpClient.ackCode(client.send(TestMessages.elr("99D9999999", id))));
        }
      } catch (IOException e) {
        try {
          Thread.sleep(50); // hub down: retry the connection
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private long aa() {
    return acks.values().stream().filter("AA"::equals).count();
  }

  @Test
  void everyAcknowledgedMessageSurvivesAKillAndIsStoredOnce() throws Exception {
    int mllpPort = freePort();
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"))) {
      HubProcess hub = startHub(pg.jdbcUrl(), mllpPort);
      List<Thread> senders = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          Thread t = new Thread(() -> sendUntilStopped(mllpPort), "sender-" + i);
          t.start();
          senders.add(t);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> aa() > 300);
        hub.kill(); // SIGKILL mid-traffic
        long before = aa();

        hub = startHub(pg.jdbcUrl(), mllpPort);
        await().atMost(Duration.ofSeconds(60)).until(() -> aa() > before + 300);
      } finally {
        sending.set(false);
        for (Thread t : senders) {
          t.join(30_000);
        }
        hub.close();
      }

      Set<String> stored = new HashSet<>();
      long submissions;
      long leaves;
      long maxLeaf;
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "postgres")) {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT control_id FROM submission")) {
          while (rs.next()) {
            assertThat(stored.add(rs.getString(1))).as("stored once: " + rs.getString(1)).isTrue();
          }
        }
        submissions = stored.size();
        try (ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT count(*), coalesce(max(leaf_index), -1) FROM log_leaf")) {
          rs.next();
          leaves = rs.getLong(1);
          maxLeaf = rs.getLong(2);
        }
      }
      Set<String> acknowledged = new HashSet<>();
      acks.forEach(
          (id, code) -> {
            if (code.equals("AA")) {
              acknowledged.add(id);
            }
          });
      assertThat(stored).as("every AA survived the kill").containsAll(acknowledged);
      assertThat(leaves).as("one leaf per submission").isEqualTo(submissions);
      assertThat(maxLeaf).as("no gap in the log").isEqualTo(leaves - 1);
    }
  }
}
