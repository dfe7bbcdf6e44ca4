package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.hub.DevCredentials;
import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.ingest.intake.RateLimitConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-sender rate limits over a real MLLP socket and a real HTTP client: a sender over its bucket
 * gets AR / RATE_LIMITED (MLLP) or 429 with Retry-After (HTTP), the refused message is stored for
 * audit without taking its control id, other senders are unaffected, and the resend is accepted;
 * the messages of a batch wait for their turn instead.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RateLimitIT {
  private static final String ER7 = "x-application/hl7-v2+er7";

  @TempDir Path dir;

  @Test
  void limitsEachSenderByBytesToo() throws Exception {
    // Messages are not limited here; bytes are: 8 KiB/s, 16 KiB at once. Each message is ~8 KB.
    HubConfig config =
        HubConfig.forDev(dir)
            .withMllpPort(0)
            .withHttpPort(0)
            .withRateLimit(new RateLimitConfig(1000, 2000, 8 * 1024, 16 * 1024));
    try (VigilHub hub = VigilHub.start(config);
        MllpClient mllp = new MllpClient(hub.mllpPort())) {
      String note = "NTE|1||" + "x".repeat(6_000) + "\r";
      for (int i = 1; i <= 2; i++) {
        String ack = mllp.send(TestMessages.elr("15D1515151", "RLBYTES-" + i) + note);
        assertThat(MllpClient.ackCode(ack)).isEqualTo("AA");
      }
      String limited = mllp.send(TestMessages.elr("15D1515151", "RLBYTES-3") + note);
      assertThat(MllpClient.ackCode(limited)).isEqualTo("AR");
      assertThat(limited).contains("RATE_LIMITED^^VIGIL");
      // A sender of ordinary messages beside it is not touched.
      assertThat(MllpClient.ackCode(mllp.send(TestMessages.elr("16D1616161", "RLBYTES-B"))))
          .isEqualTo("AA");
      // About a second of refill later the resend goes through.
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  assertThat(
                          MllpClient.ackCode(
                              mllp.send(TestMessages.elr("15D1515151", "RLBYTES-3") + note)))
                      .isEqualTo("AA"));

      // Over HTTP, Retry-After is this message's own wait: ~14 KB fills the 16 KiB bucket, so the
      // next needs ~1.5 s of refill (the message rate alone would say 1 s).
      HttpClient http = HttpClient.newHttpClient();
      String big = "NTE|1||" + "y".repeat(12_000) + "\r";
      assertThat(post(http, hub, TestMessages.elr("17D1717171", "RLBYTES-H1") + big).statusCode())
          .isEqualTo(200);
      HttpResponse<String> over =
          post(http, hub, TestMessages.elr("17D1717171", "RLBYTES-H2") + big);
      assertThat(over.statusCode()).isEqualTo(429);
      assertThat(over.headers().firstValue("Retry-After")).hasValue("2");
    }
  }

  @Test
  void limitsEachSenderOverMllpAndHttp() throws Exception {
    // One message every two seconds, bursts of three: the test's fourth message is over.
    HubConfig config =
        HubConfig.forDev(dir)
            .withMllpPort(0)
            .withHttpPort(0)
            .withRateLimit(new RateLimitConfig(0.5, 3));
    try (VigilHub hub = VigilHub.start(config);
        MllpClient mllp = new MllpClient(hub.mllpPort())) {
      for (int i = 1; i <= 3; i++) {
        String ack = mllp.send(TestMessages.elr("11D1111111", "RL-" + i));
        assertThat(MllpClient.ackCode(ack)).isEqualTo("AA");
      }
      String limited = mllp.send(TestMessages.elr("11D1111111", "RL-4"));
      assertThat(MllpClient.ackCode(limited)).isEqualTo("AR");
      assertThat(MllpClient.ackedControlId(limited)).isEqualTo("RL-4");
      assertThat(limited).contains("ERR||").contains("|207^").contains("RATE_LIMITED^^VIGIL");

      // Another sender has its own bucket, on the same connection.
      assertThat(MllpClient.ackCode(mllp.send(TestMessages.elr("12D1212121", "RL-B-1"))))
          .isEqualTo("AA");

      // Stored for audit, without the control id, so the resend is not a duplicate of the AR.
      assertThat(
              count(
                  hub,
                  "facility_id = '11D1111111' AND control_id IS NULL AND ack_code = 'AR'"
                      + " AND disposition = 'reject' AND findings::text LIKE '%RATE_LIMITED%'"))
          .isEqualTo(1);
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  assertThat(MllpClient.ackCode(mllp.send(TestMessages.elr("11D1111111", "RL-4"))))
                      .isEqualTo("AA"));
      assertThat(count(hub, "facility_id = '11D1111111' AND control_id = 'RL-4'")).isEqualTo(1);

      HttpClient http = HttpClient.newHttpClient();
      for (int i = 1; i <= 3; i++) {
        assertThat(post(http, hub, TestMessages.elr("13D1313131", "RLH-" + i)).statusCode())
            .isEqualTo(200);
      }
      HttpResponse<String> over = post(http, hub, TestMessages.elr("13D1313131", "RLH-4"));
      assertThat(over.statusCode()).isEqualTo(429);
      assertThat(over.headers().firstValue("Retry-After")).hasValue("2");
      assertThat(MllpClient.ackCode(over.body())).isEqualTo("AR");

      // A batch waits its turns instead of coming back mostly RATE_LIMITED: three at once (the
      // burst), then one every two seconds.
      StringBuilder batch = new StringBuilder("BHS|^~\\&|LabFlow|14D1414141\r");
      for (int i = 1; i <= 5; i++) {
        batch.append(TestMessages.elr("14D1414141", "RLB-" + i));
      }
      long start = System.nanoTime();
      HttpResponse<String> paced = post(http, hub, batch.append("BTS|5\r").toString());
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(paced.statusCode()).isEqualTo(200);
      for (int i = 1; i <= 5; i++) {
        assertThat(paced.body()).contains("MSA|AA|RLB-" + i);
      }
      assertThat(tookMs).as("the last message's turn is 4 s after the burst").isGreaterThan(3_500);
      assertThat(count(hub, "facility_id = '14D1414141' AND ack_code = 'AA'")).isEqualTo(5);

      String metrics =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + hub.httpPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .containsPattern("vigil_ingest_rate_limited_total\\{transport=\"mllp\"[^}]*\\} [1-9]")
          .containsPattern("vigil_ingest_rate_limited_total\\{transport=\"http\"[^}]*\\} 1\\.0");
    }
  }

  private HttpResponse<String> post(HttpClient http, VigilHub hub, String message)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/hl7v2"))
            .header("Content-Type", ER7)
            .header("Authorization", DevCredentials.bearer(dir, "sender"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(TestMessages.bytes(message)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long count(VigilHub hub, String where) throws Exception {
    try (Connection c = DriverManager.getConnection(hub.jdbcUrl(), "postgres", "postgres");
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM submission WHERE " + where);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
