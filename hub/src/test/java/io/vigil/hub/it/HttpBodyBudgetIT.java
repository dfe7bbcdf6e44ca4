package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.ingest.http.HttpConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API's memory budget for large bodies: while large reports hold it, another large one is
 * answered 503 {@code HUB_BUSY} with {@code Retry-After} (an OperationOutcome on FHIR routes) and
 * not stored; the budget comes back when the held ones are answered, and the resend is taken.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpBodyBudgetIT {
  private static final String ER7 = "x-application/hl7-v2+er7";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private String bearer;

  @Test
  void aLargeBodyBeyondTheBudgetIsAnsweredBusyAndTheResendIsTaken() throws Exception {
    HubConfig base = HubConfig.forDev(dir).withMllpPort(0);
    HttpConfig small = new HttpConfig("127.0.0.1", 0, 1_000_000, 1_000_000, null, null);
    HubConfig config =
        new HubConfig(
            base.mode(),
            base.dataDir(),
            base.mllp(),
            small,
            base.store(),
            base.log(),
            base.chain(),
            base.events(),
            base.auth(),
            base.rateLimit(),
            base.fhir());
    try (VigilHub hub = VigilHub.start(config)) {
      String url = "http://127.0.0.1:" + hub.httpPort();
      bearer = "Bearer " + hub.devCredentials().get("sender");
      CompletableFuture<HttpResponse<String>> held;
      try (Connection lock = DriverManager.getConnection(hub.jdbcUrl(), "postgres", "postgres")) {
        // The store cannot write while the test holds the table: a large report posted now is
        // read, examined and then waits, holding its bytes of the budget.
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
          s.execute("LOCK TABLE submission IN EXCLUSIVE MODE");
        }
        held =
            http.sendAsync(
                hl7(url, TestMessages.withDocument("66D6666601", "HOLD-H1", 700_000)), ofString());
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> HubMetrics.sum(hub.httpPort(), "vigil_http_buffered_bytes") >= 700_000);

        HttpResponse<String> busy =
            http.send(
                hl7(url, TestMessages.withDocument("66D6666601", "BUSY-H1", 600_000)), ofString());
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(new JsonObject(busy.body()).getString("error")).isEqualTo("HUB_BUSY");
        // Refused on its announced length, before it is read: a client that waits for
        // "100 Continue" is answered 503 without sending it. Before, the hub asked for the body
        // ("100 Continue") and read all of it first.
        assertThat(statusLineOfAnnounced(hub.httpPort(), 600_000)).isEqualTo("HTTP/1.1 503");

        String bundle =
            "{\"resourceType\":\"Bundle\",\"type\":\"message\",\"id\":\""
                + "b".repeat(600_000)
                + "\"}";
        HttpResponse<String> fhir =
            http.send(
                HttpRequest.newBuilder(URI.create(url + "/fhir/r4/$process-message"))
                    .header("Content-Type", "application/fhir+json")
                    .header("Authorization", bearer)
                    .POST(HttpRequest.BodyPublishers.ofString(bundle))
                    .build(),
                ofString());
        assertThat(fhir.statusCode()).isEqualTo(503);
        assertThat(fhir.headers().firstValue("Retry-After")).hasValue("2");
        JsonObject issue = new JsonObject(fhir.body()).getJsonArray("issue").getJsonObject(0);
        assertThat(issue.getString("code")).isEqualTo("throttled");
        assertThat(issue.encode()).contains("HUB_BUSY");
        assertThat(held).isNotDone();
        lock.rollback();
      }
      assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> HubMetrics.sum(hub.httpPort(), "vigil_http_buffered_bytes") == 0);
      HttpResponse<String> resent =
          http.send(
              hl7(url, TestMessages.withDocument("66D6666601", "BUSY-H1", 600_000)), ofString());
      assertThat(resent.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(resent.body()).getBoolean("duplicate")).isFalse();
      assertThat(HubMetrics.sum(hub.httpPort(), "vigil_ingest_busy_total")).isEqualTo(3);
    }
  }

  /** The status line answered to a POST that announces {@code length} bytes and sends none. */
  private String statusLineOfAnnounced(int port, int length) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      String head =
          "POST /api/v1/hl7v2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
              + ER7
              + "\r\nContent-Length: "
              + length
              + "\r\nExpect: 100-continue\r\nAuthorization: "
              + bearer
              + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      byte[] line = socket.getInputStream().readNBytes(12);
      return new String(line, java.nio.charset.StandardCharsets.US_ASCII);
    }
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private HttpRequest hl7(String url, String message) {
    return HttpRequest.newBuilder(URI.create(url + "/api/v1/hl7v2"))
        .header("Content-Type", ER7)
        .header("Authorization", bearer)
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(message))
        .build();
  }
}
