package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.events.EventCodec;
import io.vigil.hub.DevCredentials;
import io.vigil.hub.db.EmbeddedDatabase;
import io.vigil.hub.demo.DemoMessages;
import io.vigil.hub.demo.DemoReport;
import io.vigil.ingest.outbox.OutboxConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the hub running the whole analytics path (outbox → embedded Kafka → the Flink
 * job on a MiniCluster → trend tables, as {@code start-dev} runs it) under MLLP and HTTP load, then
 * a restart: once drained, the trend and dose tables count every stored report exactly once. The
 * relay republishes what it had sent but not marked (at least once) and the job restores from its
 * last checkpoint and replays Kafka from there; neither may count an event twice or lose one.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HubCrashTrendsIT {
  private static final List<String> COUNTIES = List.of("17031", "17043", "17167", "17019");
  private static final DemoReport.Kind[] KINDS = DemoReport.Kind.values();

  @TempDir Path dir;
  private final long started = System.nanoTime();

  private void phase(String what) {
    System.out.printf(
        "HubCrashTrendsIT +%ds: %s%n", (System.nanoTime() - started) / 1_000_000_000, what);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Report n: ELR (COVID-19, influenza) or VXU, one distinct patient each, in the past week. */
  static String report(int n, String controlId) {
    LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1 + n % 7);
    DemoReport r =
        new DemoReport(
            n % DemoMessages.LABS.size(),
            n,
            COUNTIES.get(n % COUNTIES.size()),
            day,
            KINDS[n % KINDS.length],
            n % 2 == 0,
            false);
    return DemoMessages.render(r, controlId);
  }

  private HubProcess startHub(String dbUrl, int mllpPort, int httpPort) throws Exception {
    Path config = dir.resolve("hub.properties");
    // Dev defaults: embedded Kafka and the analytics job in-process; no chain needed here.
    Files.writeString(config, "chain.mode=off\n");
    return HubProcess.startDev(
        List.of("-Dorg.slf4j.simpleLogger.log.io.vigil=info"),
        "--config",
        config.toString(),
        "--data-dir",
        hubDir().toString(),
        "--db-url",
        dbUrl,
        "--mllp-port",
        Integer.toString(mllpPort),
        "--http-port",
        Integer.toString(httpPort));
  }

  private Path hubDir() {
    return dir.resolve("hub");
  }

  /**
   * True once the job has completed a checkpoint after {@code afterMillis} (epoch ms): the restart
   * restores from it.
   */
  private boolean checkpointedAfter(long afterMillis) throws IOException {
    Path root = hubDir().resolve("flink-checkpoints");
    if (!Files.isDirectory(root)) {
      return false;
    }
    try (Stream<Path> files =
        Files.find(
            root,
            3,
            (p, a) -> p.endsWith("_metadata") && a.lastModifiedTime().toMillis() > afterMillis)) {
      return files.findAny().isPresent();
    }
  }

  private static Map<String, Long> grouped(Connection c, String query) throws SQLException {
    Map<String, Long> out = new HashMap<>();
    try (ResultSet rs = c.createStatement().executeQuery(query)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  private static long scalar(Connection c, String query) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Stored lab events per condition and dose events per vaccine group: what must be counted. */
  private static Map<String, Long> expected(Connection c) throws SQLException {
    Map<String, Long> out = new HashMap<>();
    grouped(
            c,
            "SELECT payload::jsonb->>'condition', count(*) FROM event_outbox"
                + " WHERE payload::jsonb->>'kind' = 'lab_result' GROUP BY 1")
        .forEach((k, v) -> out.put("tests " + k, v));
    grouped(
            c,
            "SELECT coalesce(payload::jsonb->>'vaccineGroup', ''), count(*) FROM event_outbox"
                + " WHERE payload::jsonb->>'kind' = 'immunization' GROUP BY 1")
        .forEach((k, v) -> out.put("doses " + k, v));
    return out;
  }

  /** What the trend tables count, keyed as {@link #expected}. */
  private static Map<String, Long> counted(Connection c, String trendTable) throws SQLException {
    Map<String, Long> out = new HashMap<>();
    grouped(c, "SELECT condition, sum(tests) FROM " + trendTable + " GROUP BY 1")
        .forEach((k, v) -> out.put("tests " + k, v));
    grouped(c, "SELECT vaccine_group, sum(doses) FROM dose_weekly GROUP BY 1")
        .forEach((k, v) -> out.put("doses " + k, v));
    return out;
  }

  private static boolean reached(Map<String, Long> counted, Map<String, Long> expected) {
    return expected.entrySet().stream()
        .allMatch(e -> counted.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  @Test
  void trendTablesCountEveryStoredReportOnceAfterAKill() throws Exception {
    int mllpPort = freePort();
    int httpPort = freePort();
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"))) {
      String url = pg.jdbcUrl();
      HubProcess hub = startHub(url, mllpPort, httpPort);
      phase("hub ready");
      MixedLoad load =
          new MixedLoad("TRK-", HubCrashTrendsIT::report)
              .mllp(mllpPort, 2)
              .http(
                  "http://127.0.0.1:" + httpPort + "/api/v1/hl7v2",
                  () -> DevCredentials.bearer(hubDir(), "sender"),
                  1);
      Map<String, Long> published;
      try {
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password())) {
          await()
              .atMost(Duration.ofSeconds(90))
              .until(() -> scalar(c, "SELECT count(*) FROM trend_daily") > 0);
        }
        long counting = System.currentTimeMillis();
        // A checkpoint holding counted state, so the restart restores totals and replays the rest.
        await().atMost(Duration.ofSeconds(60)).until(() -> checkpointedAfter(counting));
        // The job runs and checkpoints, and says so (ops6 #5: nothing told when it did not).
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> HubMetrics.sum(httpPort, "vigil_analytics_job_running") == 1);
        long atCheckpoint = load.positives();
        phase("checkpoint with counts, " + atCheckpoint + " acknowledged");
        // Events after the checkpoint: the restored job must replay them from Kafka.
        await().atMost(Duration.ofSeconds(60)).until(() -> load.positives() > atCheckpoint + 200);
        hub.kill(); // SIGKILL mid-traffic: relay, broker and job die with it
        hub.saveOutput("HubCrashTrendsIT-killed");
        long beforeRestart = load.positives();
        phase("killed, " + beforeRestart + " acknowledged");

        hub = startHub(url, mllpPort, httpPort);
        phase("restarted");
        assertThat(hub.lines("analytics job started"))
            .as("the job resumed from a checkpoint")
            .singleElement()
            .asString()
            .doesNotContain("no checkpoint");
        await().atMost(Duration.ofSeconds(60)).until(() -> load.positives() > beforeRestart + 200);
        load.close();
        phase("load stopped, " + load.positives() + " acknowledged");

        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password())) {
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () ->
                      scalar(c, "SELECT count(*) FROM event_outbox WHERE published_at IS NULL")
                          == 0);
          Map<String, Long> expected = expected(c);
          phase("outbox drained: " + expected);
          // Totals grow to the expected figures; a double count would overshoot and stay there.
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(500))
              .until(() -> reached(counted(c, "trend_daily"), expected));
          await()
              .during(Duration.ofSeconds(3))
              .atMost(Duration.ofSeconds(15))
              .until(() -> counted(c, "trend_daily").equals(expected));
          phase("trend tables settled");
          assertThat(counted(c, "trend_daily")).isEqualTo(expected);
          assertThat(counted(c, "trend_weekly")).isEqualTo(expected);
          assertThat(expected.keySet())
              .contains("tests COVID-19")
              .anyMatch(k -> k.startsWith("doses "));

          // The outbox is complete: one event per accepted report, and every AA is stored once.
          long accepted = scalar(c, "SELECT count(*) FROM submission WHERE ack_code = 'AA'");
          assertThat(scalar(c, "SELECT count(*) FROM event_outbox")).isEqualTo(accepted);
          Set<String> stored = new HashSet<>();
          try (ResultSet rs =
              c.createStatement()
                  .executeQuery("SELECT control_id FROM submission WHERE ack_code = 'AA'")) {
            while (rs.next()) {
              assertThat(stored.add(rs.getString(1))).as("stored once").isTrue();
            }
          }
          assertThat(stored).containsAll(load.acknowledged());
          published = topicCounts(bootstrap(hub));
          System.out.printf(
              "HubCrashTrendsIT: %d accepted, %d acknowledged, %d unanswered; topic holds %d"
                  + " records of %d events (%d republished after the kill)%n",
              accepted,
              load.acknowledged().size(),
              load.unanswered(),
              published.get("records"),
              published.get("events"),
              published.get("records") - published.get("events"));
          assertThat(published.get("events")).isEqualTo(accepted);
        }
      } finally {
        load.close();
        hub.close();
        hub.saveOutput("HubCrashTrendsIT");
      }
    }
  }

  private static String bootstrap(HubProcess hub) {
    String line = hub.lines("Vigil events: Kafka ").get(0);
    return line.substring(line.indexOf("Kafka ") + 6, line.indexOf(','));
  }

  /** Records on the event topic and distinct event ids among them. */
  private static Map<String, Long> topicCounts(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    long records = 0;
    Set<String> ids = new HashSet<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(OutboxConfig.DEFAULT_TOPIC));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      int emptyPolls = 0;
      while (System.nanoTime() < deadline && (records == 0 || emptyPolls < 3)) {
        var batch = consumer.poll(Duration.ofMillis(500));
        emptyPolls = batch.isEmpty() ? emptyPolls + 1 : 0;
        for (ConsumerRecord<String, byte[]> r : batch) {
          records++;
          DeidentifiedEvent e = EventCodec.decode(r.value());
          ids.add(e.eventId());
        }
      }
    }
    return Map.of("records", records, "events", (long) ids.size());
  }
}
