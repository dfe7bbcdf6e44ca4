package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP port's limits on connections, over real sockets: idle ones are closed after {@code
 * http.idle-timeout-seconds} (plain and after a TLS handshake) but not while the hub is still
 * working on their answer, and those over {@code http.max-connections} are closed at once while the
 * others, new ones under the cap and MLLP go on. Before, a red-team client held 20,000 idle HTTP
 * connections, the process ran out of file descriptors and MLLP could no longer accept.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HttpConnectionLimitsIT {
  private static final Duration IDLE = Duration.ofSeconds(2);
  private static final String FACILITY = "77D7777777";

  @TempDir Path dir;

  @Test
  void idleConnectionsAreClosed() throws Exception {
    try (VigilHub hub = VigilHub.start(config(IDLE, 1024))) {
      try (Socket silent = open(hub.httpPort());
          Socket halfHead = open(hub.httpPort());
          Socket noBody = open(hub.httpPort())) {
        write(halfHead, "POST /api/v1/hl7v2 HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        // A whole head announcing a body that never comes: the hub waits on the client, which is
        // idleness, not an answer in progress.
        write(
            noBody,
            "POST /api/v1/hl7v2 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: x-application/hl7-v2+er7\r\nContent-Length: 500\r\n\r\n");
        long start = System.nanoTime();
        assertThat(closedWithin(silent, IDLE.plusSeconds(8))).as("silent connection").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(IDLE.dividedBy(2));
        assertThat(closedWithin(halfHead, IDLE.plusSeconds(8))).as("half a head").isTrue();
        assertThat(closedWithin(noBody, IDLE.plusSeconds(8))).as("missing body").isTrue();
      }
    }
  }

  @Test
  void anIdleConnectionAfterTheTlsHandshakeIsClosed() throws Exception {
    Path[] tls = TestTls.selfSignedCertificate(dir, "http");
    HubConfig base = config(IDLE, 1024);
    HubConfig config =
        base.withHttp(
            new io.vigil.ingest.http.HttpConfig("127.0.0.1", 0, 10 * 1024 * 1024, 0, tls[0], tls[1])
                .withConnectionLimits(IDLE, 1024));
    try (VigilHub hub = VigilHub.start(config);
        SSLSocket socket = TestTls.connect(hub.httpPort(), null)) {
      assertThat(closedWithin(socket, IDLE.plusSeconds(8))).isTrue();
    }
  }

  @Test
  void connectionsOverTheLimitAreClosedAndTheOthersServed() throws Exception {
    int max = 4;
    try (VigilHub hub = VigilHub.start(config(Duration.ofSeconds(60), max))) {
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < max + 5; i++) {
          sockets.add(open(hub.httpPort()));
        }
        int closed = 0;
        for (Socket s : sockets) {
          if (closedWithin(s, Duration.ofSeconds(2))) {
            closed++;
          }
        }
        assertThat(closed).as("connections closed of %d", sockets.size()).isEqualTo(5);
        // Descriptors the HTTP side cannot have stay for MLLP.
        try (MllpClient mllp = new MllpClient(hub.mllpPort())) {
          assertThat(MllpClient.ackCode(mllp.send(TestMessages.elr(FACILITY, "CAP-MLLP"))))
              .isEqualTo("AA");
        }
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
      }
      // Under the cap again: a fresh sender is served.
      HttpClient client = http11();
      HttpResponse<String> answer =
          await()
              .atMost(Duration.ofSeconds(10))
              .ignoreExceptions()
              .until(
                  () -> client.send(post(hub, "CAP-HTTP"), HttpResponse.BodyHandlers.ofString()),
                  r -> r.statusCode() == 200);
      assertThat(MllpClient.ackCode(answer.body())).isEqualTo("AA");
      assertThat(HubMetrics.sum(hub.httpPort(), "vigil_http_connections_refused_total"))
          .isGreaterThanOrEqualTo(5);
      assertThat(HubMetrics.sum(hub.httpPort(), "vigil_http_connections")).isBetween(1.0, 2.0);
    }
  }

  @Test
  void anAnswerTakingLongerThanTheIdleTimeoutIsStillGiven() throws Exception {
    try (VigilHub hub = VigilHub.start(config(IDLE, 1024));
        Connection lock = DriverManager.getConnection(hub.jdbcUrl(), "postgres", "postgres")) {
      HttpClient client = http11();
      // Warm: the first submission's parse and commit are slow on their own.
      HttpResponse<String> warm =
          client.send(post(hub, "SLOW-0"), HttpResponse.BodyHandlers.ofString());
      assertThat(warm.statusCode()).isEqualTo(200);
      // Pooling clients are told when an idle connection closes (a second early).
      assertThat(warm.headers().firstValue("Keep-Alive")).hasValue("timeout=1");
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE submission IN EXCLUSIVE MODE");
      }
      CompletableFuture<HttpResponse<String>> answer =
          client.sendAsync(post(hub, "SLOW-1"), HttpResponse.BodyHandlers.ofString());
      // Nothing crosses the connection while the commit is held: idle as bytes go, but owed an
      // answer. Vert.x's idle timeout alone closed it after IDLE and the stored message's ACK
      // was lost.
      await().during(IDLE.plusSeconds(1)).atMost(IDLE.plusSeconds(3)).until(() -> !answer.isDone());
      lock.rollback();
      HttpResponse<String> r = answer.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(MllpClient.ackCode(r.body())).isEqualTo("AA");
    }
  }

  private HubConfig config(Duration idle, int maxConnections) {
    HubConfig base = HubConfig.forDev(dir).withMllpPort(0).withHttpPort(0);
    return base.withHttp(base.http().withConnectionLimits(idle, maxConnections));
  }

  private static HttpClient http11() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  private static HttpRequest post(VigilHub hub, String controlId) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/hl7v2"))
        .header("Content-Type", "x-application/hl7-v2+er7")
        .header("Authorization", "Bearer " + hub.devCredentials().get("sender"))
        .POST(HttpRequest.BodyPublishers.ofString(TestMessages.elr(FACILITY, controlId)))
        .build();
  }

  private static Socket open(int port) throws IOException {
    return new Socket("127.0.0.1", port);
  }

  private static void write(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** True when the hub closes {@code socket} within {@code wait}; false when it stays open. */
  private static boolean closedWithin(Socket socket, Duration wait) throws IOException {
    socket.setSoTimeout((int) wait.toMillis());
    try {
      while (true) {
        if (socket.getInputStream().read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset, or the TLS session ended
    }
  }
}
