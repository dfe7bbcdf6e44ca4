package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.hub.db.EmbeddedDatabase;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub stopped while messages it has received are still being stored answers them before it closes
 * their connections: every message stored gets its {@code AA}, over MLLP and HTTP, and no new
 * connection is taken meanwhile. The commits are held back by a table lock the test takes, so the
 * messages are in flight when the stop begins; before the receivers drained, the connections were
 * closed at once and the messages were stored with their acknowledgements lost. A connection owed
 * nothing closes at once: Vert.x's own shutdown event never reached the MLLP connections (they
 * handle their channel events themselves), and they read on until the grace ran out.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GracefulStopIT {
  private static final String FACILITY = "55D5555555";
  private static final int PIPELINED = 10;

  @TempDir Path dir;

  @Test
  void aStoppingHubAcknowledgesWhatItHasReceived() throws Exception {
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"));
        Connection lock = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        Connection query = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
      VigilHub hub =
          VigilHub.start(
              HubConfig.forDev(dir.resolve("hub"))
                  .withDatabase(pg.jdbcUrl(), pg.user(), pg.password())
                  .withMllpPort(0)
                  .withHttpPort(0));
      CompletableFuture<Void> stopped = null;
      try (MllpClient mllp = new MllpClient(hub.mllpPort());
          MllpClient idle = new MllpClient(hub.mllpPort())) {
        assertThat(MllpClient.ackCode(mllp.send(TestMessages.elr(FACILITY, "STOP-WARM"))))
            .isEqualTo("AA");

        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
          s.execute("LOCK TABLE submission IN EXCLUSIVE MODE");
        }
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int i = 0; i < PIPELINED; i++) {
          frames.write(TestMessages.frame(TestMessages.elr(FACILITY, "STOP-MLLP-" + i)));
        }
        mllp.write(frames.toByteArray());
        CompletableFuture<HttpResponse<String>> httpAnswer =
            // HTTP/1.1, as senders' HL7 v2 clients post (the hub offers no HTTP/2).
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .sendAsync(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/hl7v2"))
                        .header("Content-Type", "x-application/hl7-v2+er7")
                        .header("Authorization", "Bearer " + hub.devCredentials().get("sender"))
                        .POST(
                            HttpRequest.BodyPublishers.ofByteArray(
                                TestMessages.bytes(TestMessages.elr(FACILITY, "STOP-HTTP"))))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        // Every message received and examined, and waiting on the lock to be stored: in flight.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    HubMetrics.sum(hub.httpPort(), "vigil_ingest_received_total") == PIPELINED + 2
                        && waitingOnLock(query) > 0);
        assertThat(httpAnswer).isNotDone();

        stopped = CompletableFuture.runAsync(hub::close);
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThatThrownBy(() -> new Socket("127.0.0.1", hub.mllpPort()).close())
                        .as("no new MLLP connection while stopping")
                        .isInstanceOf(ConnectException.class));
        // A connection owed nothing closes at once, not when the grace runs out.
        long idleSince = System.nanoTime();
        assertThat(idle.closedByPeer()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - idleSince))
            .as("an idle connection's close")
            .isLessThan(Duration.ofSeconds(3));
        Thread.sleep(500); // the old hub had closed the open connections by now
        assertThat(stopped).as("the stop waits for what is owed").isNotDone();
        lock.commit();

        List<String> acked = new ArrayList<>();
        for (int i = 0; i < PIPELINED; i++) {
          String ack = mllp.readAck();
          assertThat(MllpClient.ackCode(ack)).isEqualTo("AA");
          acked.add(MllpClient.ackedControlId(ack));
        }
        assertThat(acked)
            .containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, PIPELINED)
                    .mapToObj(i -> "STOP-MLLP-" + i)
                    .toList());
        assertThat(mllp.closedByPeer()).as("closed once answered").isTrue();
        HttpResponse<String> answer = httpAnswer.get(30, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("MSA|AA|STOP-HTTP");
        stopped.get(60, TimeUnit.SECONDS);
      } finally {
        if (!lock.getAutoCommit()) {
          lock.rollback();
        }
        if (stopped == null) {
          hub.close();
        }
      }
      try (Statement s = query.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT count(*) FROM submission WHERE control_id LIKE 'STOP-%'")) {
        rs.next();
        assertThat(rs.getLong(1)).as("stored, each once").isEqualTo(PIPELINED + 2);
      }
    }
  }

  private static long waitingOnLock(Connection query) throws Exception {
    try (Statement s = query.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query ILIKE '%submission%' AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
