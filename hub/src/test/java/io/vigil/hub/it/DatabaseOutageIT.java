package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.hub.db.EmbeddedDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops PostgreSQL under MLLP traffic and starts it again: no AA may be sent for a message that is
 * not stored, and the hub must recover by itself.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DatabaseOutageIT {
  @TempDir Path dir;

  private final Map<String, String> acks = new ConcurrentHashMap<>();
  private final AtomicInteger noAnswer = new AtomicInteger();
  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicBoolean sending = new AtomicBoolean(true);

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void sendUntilStopped(int mllpPort) {
    while (sending.get()) {
      try (MllpClient client = new MllpClient(mllpPort)) {
        while (sending.get()) {
          String id = "OUT-" + sequence.incrementAndGet();
          try {
            acks.put(id, MllpClient.ackCode(client.send(TestMessages.elr("33D3333333", id))));
          } catch (IOException e) {
            noAnswer.incrementAndGet(); // no answer is allowed; a false AA is not
            throw e;
          }
        }
      } catch (IOException e) {
        // reconnect
      }
    }
  }

  private long codes(String code) {
    return acks.values().stream().filter(code::equals).count();
  }

  @Test
  void sendsNoAaForAnythingNotStoredAndRecoversByItself() throws Exception {
    int pgPort = freePort();
    Path pgData = dir.resolve("pg");
    EmbeddedDatabase pg = EmbeddedDatabase.start(pgData, pgPort);
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "postgres");
        ResultSet rs = c.createStatement().executeQuery("SHOW synchronous_commit")) {
      rs.next();
      assertThat(rs.getString(1)).as("durable commits").isEqualTo("on");
    }
    String url = pg.jdbcUrl();
    List<Thread> senders = new CopyOnWriteArrayList<>();
    try (VigilHub hub =
        VigilHub.start(
            HubConfig.forDev(dir)
                .withMllpPort(0)
                .withHttpPort(0)
                .withDatabase(url, pg.user(), pg.password()))) {
      for (int i = 0; i < 8; i++) {
        Thread t = new Thread(() -> sendUntilStopped(hub.mllpPort()), "sender-" + i);
        t.start();
        senders.add(t);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> codes("AA") > 200);

      pg.close(); // the system of record goes away under load
      long aaAtOutage = codes("AA");
      await().atMost(Duration.ofSeconds(60)).until(() -> codes("AR") > 20);

      pg = EmbeddedDatabase.start(pgData, pgPort);
      long arAfterOutage = codes("AR");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> codes("AA") > aaAtOutage + 200 && codes("AR") >= arAfterOutage);
      sending.set(false);
      for (Thread t : senders) {
        t.join(30_000);
      }
    } finally {
      sending.set(false);
    }

    Set<String> stored = new HashSet<>();
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT control_id FROM submission WHERE ack_code = 'AA'")) {
      while (rs.next()) {
        stored.add(rs.getString(1));
      }
    } finally {
      pg.close();
    }
    Set<String> acknowledged = new HashSet<>();
    acks.forEach(
        (id, code) -> {
          if (code.equals("AA")) {
            acknowledged.add(id);
          }
        });
    assertThat(codes("AR")).as("negative ACKs during the outage").isPositive();
    assertThat(stored).as("every AA is stored").containsAll(acknowledged);
  }
}
