package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.hub.DevCredentials;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database turns read-only under MLLP and HTTP load ({@code ALTER DATABASE … SET
 * default_transaction_read_only = on} and the hub's sessions terminated, as after a failover to a
 * standby or an operator freezing writes), then writable again. The hub, a separate process, must
 * refuse cleanly — every answer negative ({@code AR} + ERR 207 / 503 with {@code Retry-After}),
 * {@code /health/ready} 503, one WARN line, not one per message — and recover by itself: AA again,
 * ready 200, one INFO line; every control id that got AA or 200 stored exactly once, one log leaf
 * per submission with no gap, nothing written while read-only.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DatabaseReadOnlyIT {
  private static final String OUTAGE = "database refuses writes";
  private static final String RECOVERY = "database accepts writes again";
  private static final String FACILITY = "44D4444444";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private int ready(int httpPort) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** Ends every session of the hub (its pool names itself {@code vigil}). */
  private static int terminateHubSessions(Statement admin) throws SQLException {
    try (ResultSet rs =
        admin.executeQuery(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE datname = 'vigil' AND application_name = 'vigil'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static long warnings(HubProcess hub) {
    return hub.lines(" WARN ").size();
  }

  @Test
  void refusesCleanlyWhileReadOnlyAndRecoversByItself() throws Exception {
    int mllpPort = freePort();
    int httpPort = freePort();
    Path hubDir = dir.resolve("hub");
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"));
        Connection adminConnection =
            DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        Statement admin = adminConnection.createStatement()) {
      // The hub's own database, so the test's session (on 'postgres') stays writable.
      admin.execute("CREATE DATABASE vigil");
      String url = "jdbc:postgresql://localhost:" + pg.port() + "/vigil";
      Path config = dir.resolve("hub.properties");
      Files.writeString(config, "chain.mode=off\nkafka.mode=off\nanalytics.mode=off\n");
      HubProcess hub =
          HubProcess.startDev(
              List.of("-Dorg.slf4j.simpleLogger.log.io.vigil=info"),
              "--config",
              config.toString(),
              "--data-dir",
              hubDir.toString(),
              "--db-url",
              url,
              "--mllp-port",
              Integer.toString(mllpPort),
              "--http-port",
              Integer.toString(httpPort));
      MixedLoad load =
          new MixedLoad("RO-", (n, id) -> TestMessages.elr(FACILITY, id))
              .mllp(mllpPort, 3)
              .http(
                  "http://127.0.0.1:" + httpPort + "/api/v1/hl7v2",
                  () -> DevCredentials.bearer(hubDir, "sender"),
                  1);
      Instant readOnlyFrom;
      Instant readOnlyUntil;
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> load.positives() > 200);
        assertThat(ready(httpPort)).isEqualTo(200);
        String resent = TestMessages.elr(FACILITY, "RO-RESEND-1");
        String original;
        try (MllpClient client = new MllpClient(mllpPort)) {
          original = client.send(resent);
        }
        assertThat(MllpClient.ackCode(original)).isEqualTo("AA");
        assertThat(hub.lines(OUTAGE)).isEmpty();
        long warningsBefore = warnings(hub);

        admin.execute("ALTER DATABASE vigil SET default_transaction_read_only = on");
        assertThat(terminateHubSessions(admin)).as("hub sessions ended").isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() -> !hub.lines(OUTAGE).isEmpty());
        // A session that was being opened while the first ones were ended: end it too.
        terminateHubSessions(admin);
        readOnlyFrom = Instant.now();
        long positivesInOutage = load.positives();
        long mllpRefused = load.negatives("mllp");
        long httpRefused = load.negatives("http");
        await().atMost(Duration.ofSeconds(20)).until(() -> ready(httpPort) == 503);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    load.negatives("mllp") > mllpRefused + 200
                        && load.negatives("http") > httpRefused + 20);
        assertThat(load.positives())
            .as("no AA or 200 while read-only")
            .isEqualTo(positivesInOutage);
        // A resend of a stored message (its ACK lost) still gets its original acknowledgement:
        // the database answers reads. It was told "not stored" (ops6).
        try (MllpClient client = new MllpClient(mllpPort)) {
          assertThat(client.send(resent)).as("the original ACK, replayed").isEqualTo(original);
        }
        assertThat(ready(httpPort)).isEqualTo(503);

        List<String> outage = hub.lines(OUTAGE);
        assertThat(outage).as("one WARN for the whole outage").hasSize(1);
        assertThat(outage.get(0)).contains(" WARN ", "sqlState: 25006", "read-only");
        long refused = load.negatives("mllp") + load.negatives("http");
        List<String> newWarnings =
            hub.lines(" WARN ").subList((int) warningsBefore, (int) warnings(hub));
        System.out.printf(
            "DatabaseReadOnlyIT: %d answers refused, %d WARN lines meanwhile:%n  %s%n",
            refused, newWarnings.size(), String.join("\n  ", newWarnings));
        assertThat(newWarnings.size()).as("no log flood").isLessThan(20);
        assertNegativeAnswers(load, positivesInOutage);

        // A message received just before the reset may wait in the queue (a writer pauses 200 ms
        // between refused attempts) and be committed after it: the window ends a second earlier.
        readOnlyUntil = Instant.now().minusSeconds(1);
        admin.execute("ALTER DATABASE vigil SET default_transaction_read_only = off");
        // No restart and no help: the pool must retire its read-only sessions by itself.
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> load.positives() > positivesInOutage + 200);
        await().atMost(Duration.ofSeconds(20)).until(() -> ready(httpPort) == 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.lines(RECOVERY).size() == 1);
        assertThat(hub.lines(RECOVERY).get(0))
            .contains(" INFO ", "sqlState: 25006", "reported: true");
        assertThat(hub.lines(OUTAGE)).hasSize(1);
      } finally {
        load.close();
        hub.close();
        hub.saveOutput("DatabaseReadOnlyIT");
      }
      assertStoredOnceWithoutGaps(url, pg, load.acknowledged(), readOnlyFrom, readOnlyUntil);
    }
  }

  /** Negative answers as the ADR says: AR with ERR 207 over MLLP, 503 with Retry-After. */
  static void assertNegativeAnswers(MixedLoad load, long positivesBefore) {
    Map<String, MixedLoad.Answer> answers = Map.copyOf(load.answers());
    List<MixedLoad.Answer> mllp =
        answers.values().stream()
            .filter(a -> a.transport().equals("mllp") && !a.positive())
            .toList();
    List<MixedLoad.Answer> http =
        answers.values().stream()
            .filter(a -> a.transport().equals("http") && !a.positive())
            .toList();
    assertThat(mllp)
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.ackCode()).isEqualTo("AR");
              assertThat(a.body()).contains("\rERR|").contains("207");
            });
    assertThat(http)
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.status()).isEqualTo(503);
              assertThat(a.retryAfter()).isNotBlank();
              // An AR ACK from the store, or, when the token's principal could not be read (its
              // session was just ended), the API's STORE_UNAVAILABLE before the message is read.
              if (a.ackCode().isEmpty()) {
                assertThat(a.body()).contains("\"error\":\"STORE_UNAVAILABLE\"");
              } else {
                assertThat(a.ackCode()).isEqualTo("AR");
              }
            });
    assertThat(positivesBefore).isPositive();
  }

  static void assertStoredOnceWithoutGaps(
      String url, EmbeddedDatabase pg, Set<String> acknowledged, Instant from, Instant until)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
        Statement s = c.createStatement()) {
      Set<String> stored = new HashSet<>();
      try (ResultSet rs =
          s.executeQuery("SELECT control_id FROM submission WHERE ack_code = 'AA'")) {
        while (rs.next()) {
          assertThat(stored.add(rs.getString(1))).as("stored once: " + rs.getString(1)).isTrue();
        }
      }
      assertThat(stored).as("every AA and 200 is stored").containsAll(acknowledged);
      try (ResultSet rs =
          s.executeQuery(
              "SELECT (SELECT count(*) FROM submission), count(*), coalesce(max(leaf_index), -1),"
                  + " (SELECT max(tree_size) FROM log_checkpoint) FROM log_leaf")) {
        rs.next();
        assertThat(rs.getLong(2)).as("one leaf per submission").isEqualTo(rs.getLong(1));
        assertThat(rs.getLong(3)).as("no gap in the log").isEqualTo(rs.getLong(2) - 1);
        // The sequencer lost its session too; it must be back to checkpoint the whole log.
        assertThat(rs.getLong(4)).as("last checkpoint covers the log").isEqualTo(rs.getLong(2));
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FROM submission s WHERE ack_code = 'AA' AND NOT EXISTS"
                  + " (SELECT 1 FROM event_outbox e WHERE e.submission_id = s.id)")) {
        rs.next();
        assertThat(rs.getLong(1)).as("accepted reports without their events").isZero();
      }
      if (from == null) {
        return; // no window in which nothing may be written
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT received_at FROM submission WHERE received_at BETWEEN ? AND ?")) {
        ps.setTimestamp(1, Timestamp.from(from));
        ps.setTimestamp(2, Timestamp.from(until));
        List<Instant> written = new java.util.ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            written.add(rs.getTimestamp(1).toInstant());
          }
        }
        assertThat(written).as("written while read-only (%s to %s)", from, until).isEmpty();
      }
    }
  }
}
