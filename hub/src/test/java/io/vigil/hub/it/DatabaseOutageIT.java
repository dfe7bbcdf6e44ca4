package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.hub.db.EmbeddedDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.CompletableFuture;
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

  /**
   * While the database does not answer, readiness takes the pool's connection timeout to say so;
   * liveness must not wait behind it (ops6: a probe's 5 s held liveness up 4-8 s, and an
   * orchestrator would have restarted every healthy hub during the outage).
   */
  private static void assertLivenessDoesNotWaitForTheDatabase(int httpPort) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI base = URI.create("http://127.0.0.1:" + httpPort);
    List<CompletableFuture<HttpResponse<Void>>> probes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      probes.add(
          http.sendAsync(
              HttpRequest.newBuilder(base.resolve("/health/ready")).build(),
              HttpResponse.BodyHandlers.discarding()));
    }
    Thread.sleep(300);
    long start = System.nanoTime();
    HttpResponse<Void> live =
        http.send(
            HttpRequest.newBuilder(base.resolve("/health/live"))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(millis).as("liveness during the outage, ms").isLessThan(2_000);
    // The probes were only the blocking work liveness must not queue behind; how long a frozen
    // server keeps them waiting depends on the driver, not on the hub.
    probes.forEach(p -> p.cancel(true));
  }

  /** Sends {@code signal} to the PostgreSQL server of {@code pgData} and to its processes. */
  private static void signal(String signal, Path pgData) throws Exception {
    long pid = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).strip());
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(pid)));
    ProcessHandle.of(pid)
        .ifPresent(p -> p.children().forEach(c -> command.add(Long.toString(c.pid()))));
    assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
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

      // A database that hangs rather than refuses (a stuck server, a network partition).
      signal("STOP", pgData);
      try {
        assertLivenessDoesNotWaitForTheDatabase(hub.httpPort());
      } finally {
        signal("CONT", pgData);
      }
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
