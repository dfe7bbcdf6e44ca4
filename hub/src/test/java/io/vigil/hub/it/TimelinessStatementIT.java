package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.checkpoint.CheckpointSigner;
import io.vigil.events.MmwrWeek;
import io.vigil.hub.ChainSettings;
import io.vigil.hub.DevCredentials;
import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.hub.cli.VigilCli;
import io.vigil.hub.timeliness.TimelinessStatement;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * End to end: lab results with known lags over MLLP → log → anchored on anvil → {@code vigil
 * timeliness-statement} → {@code vigil timeliness-verify} CONFIRMED, the anchoring lags read from
 * the chain; a tampered statement, statements the hub signs with false figures (a lag after the
 * result, a received → anchored lag) and one whose leaf range is cut short are REFUTED. Also the
 * weekly timeliness API (JSON, CSV) and the late-sender gauge.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TimelinessStatementIT {
  private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String url, String accept) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", DevCredentials.bearer(dir, "auditor"))
            .header("Accept", accept)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The test ELR with its collection, result and creation (MSH-7) instants replaced, each written
   * with an offset.
   */
  private static String elr(
      String facility, String id, Instant collected, Instant resulted, Instant created) {
    String c = DTM.format(collected.atOffset(ZoneOffset.ofHours(-5)));
    String r = DTM.format(resulted.atOffset(ZoneOffset.ofHoursMinutes(5, 30)));
    String m = DTM.format(created.atOffset(ZoneOffset.ofHours(2)));
    return TestMessages.elr(facility, id)
        .replace("20250310143005-0500", m)
        .replace("20250309091500-0500", c)
        .replace("20250310140000-0500", r)
        .replace("20250310120000-0500", r);
  }

  private static int cli(StringWriter out, String... args) {
    CommandLine cli = new CommandLine(new VigilCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    return cli.execute(args);
  }

  private static double metric(String scrape, String name) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$")
            .matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(2)) : Double.NaN;
  }

  @Test
  void aStatementVerifiesFromTheLogAndTheChainAndAFalseOneIsRefuted() throws Exception {
    HubConfig config = HubConfig.forDev(dir).withMllpPort(0).withHttpPort(0);
    config =
        config
            .withLog(config.log().withInterval(Duration.ofSeconds(1)))
            .withChain(ChainSettings.anvil());
    try (VigilHub hub = VigilHub.start(config)) {
      String base = "http://127.0.0.1:" + hub.httpPort();
      Instant now = Instant.now();
      try (MllpClient client = new MllpClient(hub.mllpPort())) {
        // 30 h after collection (within 3 days, not 1), 2 h after the result (on time), 10 min
        // after the message was created
        String ack1 =
            client.send(
                elr(
                    "11D1111111",
                    "TL-1",
                    now.minusSeconds(30 * 3600),
                    now.minusSeconds(7200),
                    now.minusSeconds(600)));
        // 48 h after collection, 26 h after the result (late), 45 min after creation
        String ack2 =
            client.send(
                elr(
                    "11D1111111",
                    "TL-2",
                    now.minusSeconds(48 * 3600),
                    now.minusSeconds(26 * 3600),
                    now.minusSeconds(45 * 60)));
        // resulted before collected: flagged; 90 min after creation
        String ack3 =
            client.send(
                elr(
                    "11D1111111",
                    "TL-3",
                    now.minusSeconds(3600),
                    now.minusSeconds(5400),
                    now.minusSeconds(90 * 60)));
        String other = client.send(elr("22D2222222", "TL-4", now, now, now.minusSeconds(1)));
        assertThat(MllpClient.ackCode(ack1)).isEqualTo("AA");
        assertThat(MllpClient.ackCode(ack2)).isEqualTo("AA");
        assertThat(MllpClient.ackCode(ack3)).isEqualTo("AA");
        assertThat(MllpClient.ackCode(other)).isEqualTo("AA");
      }
      String week = MmwrWeek.of(LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC)).toString();

      // Wait for a statement computed against an anchored checkpoint covering all four leaves.
      Path statement = dir.resolve("statement.note");
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                StringWriter out = new StringWriter();
                int rc =
                    cli(
                        out,
                        "timeliness-statement",
                        "--sender",
                        "11D1111111",
                        "--from",
                        week,
                        "--to",
                        week,
                        "--hub",
                        base,
                        "--data-dir",
                        dir.toString(),
                        "--out",
                        statement.toString());
                if (rc != 0) {
                  return false;
                }
                JsonObject s = body(Files.readString(statement));
                return s.getBoolean("anchored") && s.getLong("treeSize") >= 4;
              });
      JsonObject s = body(Files.readString(statement));
      JsonObject total = s.getJsonObject("figures").getJsonObject("total");
      assertThat(total.getLong("reports")).isEqualTo(3);
      assertThat(total.getString("pctReceived24hAfterResult")).isEqualTo("66.67");
      assertThat(total.getString("pctCollectedToReceived1d")).isEqualTo("33.33");
      assertThat(total.getString("pctCollectedToReceived3d")).isEqualTo("100.00");
      assertThat(total.getString("pctMissingCollected")).isEqualTo("0.00");
      assertThat(total.getLong("resultsBeforeCollection")).isEqualTo(1);
      // 60, 1800, 2880 minutes (+ the seconds the hub took to receive them)
      assertThat(total.getLong("collectedToReceivedP50Minutes")).isBetween(1800L, 1801L);
      assertThat(total.getLong("collectedToReceivedP90Minutes")).isBetween(2880L, 2881L);
      // MSH-7 at +02:00, committed in the v2 leaves: 10, 45, 90 minutes before receipt
      assertThat(total.getLong("withCreated")).isEqualTo(3);
      assertThat(total.getString("pctMissingCreated")).isEqualTo("0.00");
      assertThat(total.getLong("createdToReceivedP50Minutes")).isBetween(45L, 46L);
      assertThat(total.getLong("createdToReceivedP90Minutes")).isBetween(90L, 91L);
      // Anchored within a few seconds on anvil (one-second checkpoints, instant mining).
      assertThat(total.getLong("notYetAnchored")).isZero();
      assertThat(total.getLong("receivedToAnchoredP50Minutes")).isBetween(0L, 1L);
      long anchoredP90 = total.getLong("receivedToAnchoredP90Minutes");
      assertThat(anchoredP90).isBetween(0L, 1L);

      String signerKey = Files.readString(dir.resolve("log-signer.key")).trim();
      CheckpointSigner signer = CheckpointSigner.fromSignerKey(signerKey);
      String logKey = signer.verifierKey().render(); // obtained out of band

      StringWriter ok = new StringWriter();
      int confirmed = verify(ok, statement, base, logKey);
      assertThat(ok.toString()).contains("CONFIRMED: sender 11D1111111");
      assertThat(ok.toString()).containsPattern("anchoring lags from [1-9][0-9]* Anchored event");
      assertThat(confirmed).isZero();

      // 1. Edited in transit: the signature no longer covers it.
      Path edited = dir.resolve("edited.note");
      Files.writeString(
          edited,
          Files.readString(statement).replace("\"reports\":3", "\"reports\":2"),
          StandardCharsets.UTF_8);
      StringWriter e1 = new StringWriter();
      assertThat(verify(e1, edited, base, logKey)).isEqualTo(1);
      assertThat(e1.toString()).contains("REFUTED: the statement's signature does not verify");

      // 2. The hub itself signs false figures: recomputation from the leaves refutes them.
      JsonObject lie = s.copy();
      lie.getJsonObject("figures")
          .getJsonObject("total")
          .put("pctReceived24hAfterResult", "100.00");
      Path lying = dir.resolve("lying.note");
      Files.writeString(lying, TimelinessStatement.sign(lie, signer), StandardCharsets.UTF_8);
      StringWriter e2 = new StringWriter();
      assertThat(verify(e2, lying, base, logKey)).isEqualTo(1);
      assertThat(e2.toString())
          .contains(
              "REFUTED: figure figures.total.pctReceived24hAfterResult: stated 100.00, recomputed"
                  + " 66.67");

      // 2b. ... or claims its leaves reached the chain sooner than the chain's blocks say.
      JsonObject early = s.copy();
      early
          .getJsonObject("figures")
          .getJsonObject("total")
          .put("receivedToAnchoredP90Minutes", anchoredP90 - 5);
      Path earlyNote = dir.resolve("early.note");
      Files.writeString(earlyNote, TimelinessStatement.sign(early, signer), StandardCharsets.UTF_8);
      StringWriter e2b = new StringWriter();
      assertThat(verify(e2b, earlyNote, base, logKey)).isEqualTo(1);
      assertThat(e2b.toString())
          .contains(
              "REFUTED: figure figures.total.receivedToAnchoredP90Minutes: stated "
                  + (anchoredP90 - 5)
                  + ", recomputed "
                  + anchoredP90);

      // 3. The hub leaves out the last leaf of the period: its neighbour check catches it.
      JsonObject shortRange = s.copy().put("leafEnd", s.getLong("leafEnd") - 1);
      Path cut = dir.resolve("cut.note");
      Files.writeString(cut, TimelinessStatement.sign(shortRange, signer), StandardCharsets.UTF_8);
      StringWriter e3 = new StringWriter();
      assertThat(verify(e3, cut, base, logKey)).isEqualTo(1);
      assertThat(e3.toString())
          .contains("just outside the scanned range was received in the period");

      // 4. A statement signed by another key is refused.
      Path forged = dir.resolve("forged.note");
      Files.writeString(
          forged,
          TimelinessStatement.sign(s, CheckpointSigner.generate(signer.verifierKey().name())),
          StandardCharsets.UTF_8);
      StringWriter e4 = new StringWriter();
      assertThat(verify(e4, forged, base, logKey)).isEqualTo(1);
      assertThat(e4.toString()).contains("REFUTED: the statement's signature does not verify");

      weeklyApiAndGauge(hub, base);
    }
  }

  private static JsonObject body(String note) {
    return new JsonObject(note.split("\n")[1]);
  }

  private int verify(StringWriter out, Path statement, String base, String logKey) {
    return cli(
        out,
        "timeliness-verify",
        "--statement",
        statement.toString(),
        "--hub",
        base,
        "--log-key",
        logKey,
        "--data-dir",
        dir.toString());
  }

  private void weeklyApiAndGauge(VigilHub hub, String base) throws Exception {
    try (Connection c = DriverManager.getConnection(hub.jdbcUrl(), "postgres", "postgres");
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO timeliness_weekly (sender_id, condition, mmwr_year, mmwr_week, week_start,"
              + " reports, resulted_to_received_p50_minutes, pct_received_24h_after_result,"
              + " results_before_collection) VALUES ('7', '840539006', 2026, 2, '2026-01-11', 12,"
              + " 95, 75.0, 1)");
      st.executeUpdate(
          "INSERT INTO timeliness_alert (sender_id, mmwr_year, mmwr_week, week_start,"
              + " results_with_result_time, on_time_pct, threshold, active) VALUES ('7', 2026, 2,"
              + " '2026-01-11', 12, 75.0, 80.0, true)");
    }
    HttpResponse<String> json =
        get(base + "/api/v1/timeliness?sender=7&from=2026-W01&to=2026-W03", "application/json");
    assertThat(json.statusCode()).isEqualTo(200);
    JsonObject row = new JsonObject(json.body()).getJsonArray("rows").getJsonObject(0);
    assertThat(row.getString("condition")).isEqualTo("840539006");
    assertThat(row.getLong("reports")).isEqualTo(12);
    assertThat(row.getLong("resultedToReceivedP50Minutes")).isEqualTo(95);
    assertThat(row.getDouble("pctReceived24hAfterResult")).isEqualTo(75.0);
    assertThat(row.getString("weekStart")).isEqualTo("2026-01-11");

    HttpResponse<String> csv =
        get(base + "/api/v1/timeliness?sender=7&from=2026-W01&to=2026-W03", "text/csv");
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(csv.body())
        .startsWith("sender_id,condition,mmwr_year,mmwr_week,week_start,reports,");
    assertThat(csv.body().lines().skip(1).findFirst().orElse(""))
        .startsWith("7,840539006,2026,2,2026-01-11,12,");

    HttpResponse<String> none =
        get(base + "/api/v1/timeliness?sender=7&from=2026-W05&to=2026-W06", "application/json");
    assertThat(new JsonObject(none.body()).getJsonArray("rows")).isEmpty();
    assertThat(get(base + "/api/v1/timeliness?from=2026-W99", "application/json").statusCode())
        .isEqualTo(400);

    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                metric(get(base + "/metrics", "text/plain").body(), "vigil_timeliness_late_senders")
                    == 1.0);
  }
}
