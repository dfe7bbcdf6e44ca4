package io.vigil.analytics.job;

import static io.vigil.analytics.testing.Events.dose;
import static io.vigil.analytics.testing.Events.doseDeletion;
import static io.vigil.analytics.testing.Events.doseRecord;
import static io.vigil.analytics.testing.Events.doseRecordDeletion;
import static io.vigil.analytics.testing.Events.doseRecordUpdate;
import static io.vigil.analytics.testing.Events.lab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.analytics.sink.AnalyticsSchema;
import io.vigil.analytics.sink.JdbcUpserts;
import io.vigil.analytics.testing.TestKafka;
import io.vigil.analytics.testing.TestPostgres;
import io.vigil.events.DeidentifiedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path: EventCodec records on a real KRaft broker → the job on a Flink MiniCluster →
 * upserts into a real PostgreSQL; exact totals, a late report revising past days/weeks/signals, a
 * restart from a retained checkpoint and a full replay from the topic that do not double count.
 */
class AnalyticsJobIT {
  private static final String TOPIC = "vigil.events.v1";
  private static final String COVID = "COVID-19";
  private static final String PERTUSSIS = "PERTUSSIS";
  private static final String MPOX = "MPOX";
  private static final LocalDate VERSIONS = LocalDate.of(2025, 12, 22);
  private static final LocalDate FIRST = LocalDate.of(2025, 12, 20);
  private static final LocalDate SPIKE = LocalDate.of(2026, 1, 2);

  private static TestKafka kafka;
  private static String jdbcUrl;

  @TempDir static Path checkpoints;

  @BeforeAll
  static void start() throws Exception {
    kafka = TestKafka.start(TOPIC, 2);
    jdbcUrl = TestPostgres.freshDatabase();
    AnalyticsSchema.migrate(jdbcUrl, "postgres", "postgres");
  }

  @AfterAll
  static void stop() throws Exception {
    kafka.close();
  }

  private static AnalyticsConfig config() {
    return AnalyticsConfig.defaults()
        .withKafka(kafka.bootstrap(), TOPIC)
        .withDatabase(jdbcUrl, "postgres", "postgres")
        .withCheckpoints(Duration.ofSeconds(1), checkpoints)
        .withFlushInterval(Duration.ofMillis(200))
        .withIdleTimeout(Duration.ofSeconds(1))
        .withMaxOutOfOrderness(Duration.ofDays(1));
  }

  private static LocalAnalytics startJob() {
    AnalyticsConfig config = config();
    return LocalAnalytics.start(
        new AnalyticsJob(new KafkaEventInput(config), JdbcUpserts.sinks(config), config), config);
  }

  @Test
  void countsExactlyRevisesLateReportsAndSurvivesRestartAndReplay() throws Exception {
    kafka.send(TOPIC, firstBatch());
    kafka.sendRaw(TOPIC, "{not an event".getBytes());
    long checkpointAfter;
    try (LocalAnalytics job = startJob()) {
      await().atMost(Duration.ofSeconds(40)).untilAsserted(AnalyticsJobIT::assertFirstBatch);
      checkpointAfter = System.currentTimeMillis();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  LocalAnalytics.latestCheckpoint(config())
                      .map(p -> p.resolve("_metadata").toFile().lastModified() > checkpointAfter)
                      .orElse(false));
    }

    // Restart from the retained checkpoint, then late reports revise past cells.
    try (LocalAnalytics job = startJob()) {
      kafka.send(TOPIC, lateBatch());
      await().atMost(Duration.ofSeconds(40)).untilAsserted(AnalyticsJobIT::assertAfterLateBatch);
    }
    List<String> before = snapshot();

    // A job without state replays the whole topic: totals are rewritten, not added to.
    deleteRecursively(checkpoints);
    long replayStart = System.currentTimeMillis();
    try (LocalAnalytics job = startJob()) {
      await()
          .atMost(Duration.ofSeconds(40))
          .until(
              () ->
                  oldestUpdate("trend_daily") > replayStart
                      && oldestUpdate("signal") > replayStart);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(snapshot()).containsExactlyInAnyOrderElementsOf(before));
      assertAfterLateBatch();
    }
  }

  private static List<DeidentifiedEvent> firstBatch() {
    List<DeidentifiedEvent> events = new ArrayList<>();
    // One new COVID-19 case a day for 13 days, then a spike of 8 on 2026-01-02.
    for (LocalDate d = FIRST; d.isBefore(SPIKE); d = d.plusDays(1)) {
      events.add(lab("c-" + d, COVID, d, "positive").build());
    }
    for (int i = 0; i < 8; i++) {
      events.add(lab("spike-" + i, COVID, SPIKE, "positive").build());
    }
    // The first person again within the episode: a test and a positive, not a new case.
    events.add(lab("c-" + FIRST, COVID, LocalDate.of(2025, 12, 25), "positive").build());
    events.add(lab("neg-1", COVID, LocalDate.of(2025, 12, 21), "negative").build());
    // Moves the watermark past the spike day (bound: 1 day).
    events.add(lab("neg-2", COVID, LocalDate.of(2026, 1, 6), "negative").build());
    // Sender 9: ten negatives received 2026-01-06, three of them more than 24 h after the result.
    LocalDate received = LocalDate.of(2026, 1, 6);
    for (int i = 1; i <= 10; i++) {
      Long collected = i == 10 ? null : 720L * i;
      Long resulted = i <= 7 ? 100L * i : 1000L * (i - 6);
      Long created = i == 1 ? null : 3L;
      events.add(
          lab("t-" + i, PERTUSSIS, LocalDate.of(2026, 1, 5), "negative")
              .sender("9", received)
              .lags(collected, resulted, created, i == 2)
              .build());
    }
    for (int i = 0; i < 3; i++) {
      events.add(dose("d-" + i, "COVID-19", LocalDate.of(2025, 12, 31)));
    }
    events.add(dose("d-3", "COVID-19", LocalDate.of(2026, 1, 4)));
    // d-0's dose again, in the next message of an EHR that sends the whole history: one dose.
    events.add(dose("d-0", "COVID-19", LocalDate.of(2025, 12, 31)));
    // One shot, two records (the clinic that gave it, another that charted it as historical).
    events.add(doseRecord("two-1", "clinic-a", "COVID-19", LocalDate.of(2026, 1, 5)));
    events.add(doseRecord("two-1", "clinic-b", "COVID-19", LocalDate.of(2026, 1, 5)));
    // A record whose day the late batch corrects.
    events.add(doseRecord("mv-1", "m-1", "COVID-19", LocalDate.of(2026, 1, 6)));
    // Versions of one result count once: a final replaces its preliminary, a late preliminary
    // never replaces the final, a withdrawal takes its result back.
    events.add(lab("v-1", MPOX, VERSIONS, "positive").version("r-1", "preliminary").build());
    events.add(lab("v-1", MPOX, VERSIONS, "positive").version("r-1", "final").build());
    events.add(lab("v-2", MPOX, VERSIONS, "negative").version("r-2", "final").build());
    events.add(lab("v-2", MPOX, VERSIONS, "positive").version("r-2", "preliminary").build());
    events.add(lab("v-3", MPOX, VERSIONS, "negative").version("r-3", "final").build());
    events.add(lab("v-3", MPOX, VERSIONS, null).withdrawal("r-3").build());
    return events;
  }

  private static List<DeidentifiedEvent> lateBatch() {
    return List.of(
        // A new person reported late for 2025-12-24 (a day inside the C2 baseline of the spike).
        lab("late-1", COVID, LocalDate.of(2025, 12, 24), "positive").build(),
        // The first person's episode really started on 2025-12-18: the case moves there.
        lab("c-" + FIRST, COVID, LocalDate.of(2025, 12, 18), "positive").build(),
        dose("d-4", "COVID-19", LocalDate.of(2025, 12, 30)),
        // d-1's dose record was entered in error (RXA-21 D): its dose no longer counts.
        doseDeletion("d-1", "COVID-19", LocalDate.of(2025, 12, 31)),
        // The other clinic deletes its copy: the shot still has the giving clinic's record.
        doseRecordDeletion("two-1", "clinic-b", "COVID-19", LocalDate.of(2026, 1, 5)),
        // An update (RXA-21 U) corrects m-1's day to 2025-12-30: the dose moves to week 53.
        doseRecordUpdate("mv-1", "m-1", "COVID-19", LocalDate.of(2025, 12, 30)),
        // After the restart: r-1 corrected to negative; the case that rested on it is taken back.
        lab("v-1", MPOX, VERSIONS, "negative").version("r-1", "corrected").build(),
        lab("t-11", PERTUSSIS, LocalDate.of(2026, 1, 6), "negative")
            .sender("9", LocalDate.of(2026, 1, 7))
            .lags(100L, 30L, 3L, false)
            .build());
  }

  private static void assertFirstBatch() throws SQLException {
    String where =
        "condition = 'COVID-19' AND state_fips = '06' AND county_fips = '06037'"
            + " AND zip3 = '900' AND age_band = '18-49' AND sex = 'F'";
    assertThat(
            rows(
                "SELECT day, tests, positives, new_cases FROM trend_daily WHERE "
                    + where
                    + " AND day IN ('2025-12-20','2025-12-21','2025-12-25','2026-01-02','2026-01-06')"
                    + " ORDER BY day"))
        .containsExactly(
            "2025-12-20|1|1|1",
            "2025-12-21|2|1|1",
            "2025-12-25|2|2|1",
            "2026-01-02|8|8|8",
            "2026-01-06|1|0|0");
    assertThat(rows("SELECT count(*) FROM trend_daily WHERE condition = 'COVID-19'"))
        .containsExactly("15");
    assertThat(rows(MPOX_SQL)).containsExactly("2025-12-22|2|1|1");
    assertThat(
            rows(
                "SELECT mmwr_year, mmwr_week, week_start, tests, positives, new_cases"
                    + " FROM trend_weekly WHERE "
                    + where
                    + " ORDER BY week_start"))
        .containsExactly(
            "2025|51|2025-12-14|1|1|1",
            "2025|52|2025-12-21|9|8|7",
            "2025|53|2025-12-28|13|13|13",
            "2026|1|2026-01-04|1|0|0");
    assertThat(
            rows(
                "SELECT vaccine_group, mmwr_year, mmwr_week, week_start, doses FROM dose_weekly"
                    + " ORDER BY week_start"))
        .containsExactly("COVID-19|2025|53|2025-12-28|3", "COVID-19|2026|1|2026-01-04|3");
    // EARS on the spike day, baselines of ones (sd 0 → minSigma 1.0), see EarsTest.
    assertThat(
            rows(
                "SELECT method, observed, expected, sigma, statistic, alarm FROM signal"
                    + " WHERE condition = 'COVID-19' AND day = '2026-01-02' ORDER BY method"))
        .containsExactly("C1|8|1|1|7|t", "C2|8|1|1|7|t", "C3|8|1|1|6|t");
    assertThat(
            rows(
                "SELECT method, statistic, alarm FROM signal"
                    + " WHERE condition = 'COVID-19' AND day = '2025-12-31' ORDER BY method"))
        .containsExactly("C1|0|f", "C2|0|f", "C3|0|f");
    // Nearest-rank percentiles worked by hand: collected 720..6480 (9 values), resulted
    // 100..700, 2000, 3000, 4000.
    assertThat(rows(TIMELINESS_SQL))
        .containsExactly(
            "9|PERTUSSIS|2026|1|2026-01-04|10|3600|6480|500|3000|70.00|22.22|66.67"
                + "|100.00|10.00|0.00|10.00|1");
    assertThat(
            rows(
                "SELECT sender_id, mmwr_year, mmwr_week, results_with_result_time,"
                    + " on_time_pct, threshold, active FROM timeliness_alert"))
        .containsExactly("9|2026|1|10|70|80|t");
  }

  private static final String MPOX_SQL =
      "SELECT day, tests, positives, new_cases FROM trend_daily WHERE condition = 'MPOX'";

  private static final String TIMELINESS_SQL =
      "SELECT sender_id, condition, mmwr_year, mmwr_week, week_start, reports,"
          + " collected_to_received_p50_minutes, collected_to_received_p90_minutes,"
          + " resulted_to_received_p50_minutes, resulted_to_received_p90_minutes,"
          + " round(pct_received_24h_after_result::numeric, 2), round(pct_collected_1d::numeric, 2),"
          + " round(pct_collected_3d::numeric, 2), round(pct_collected_7d::numeric, 2),"
          + " round(pct_missing_collected::numeric, 2), round(pct_missing_resulted::numeric, 2),"
          + " round(pct_missing_created::numeric, 2), results_before_collection"
          + " FROM timeliness_weekly WHERE sender_id = '9'";

  private static void assertAfterLateBatch() throws SQLException {
    String where = "condition = 'COVID-19' AND zip3 = '900'";
    assertThat(
            rows(
                "SELECT day, tests, positives, new_cases FROM trend_daily WHERE "
                    + where
                    + " AND day IN ('2025-12-18','2025-12-20','2025-12-24') ORDER BY day"))
        .containsExactly("2025-12-18|1|1|1", "2025-12-20|1|1|0", "2025-12-24|2|2|2");
    assertThat(
            rows(
                "SELECT mmwr_week, tests, positives, new_cases FROM trend_weekly WHERE "
                    + where
                    + " ORDER BY week_start"))
        .containsExactly("51|2|2|1", "52|10|9|8", "53|13|13|13", "1|1|0|0");
    // Week 53: d-0, d-2, d-4 and the moved m-1; week 1: d-3 and two-1 (one record left).
    assertThat(rows("SELECT mmwr_week, doses FROM dose_weekly ORDER BY week_start"))
        .containsExactly("53|4", "1|2");
    assertThat(rows(MPOX_SQL)).containsExactly("2025-12-22|2|0|0");
    // C2's baseline (12-24..12-30) now holds one 2: mean 8/7, sd 0.378 → 1.0; C2 = 8 - 8/7.
    assertThat(
            rows(
                "SELECT method, round(expected::numeric, 4), round(statistic::numeric, 4),"
                    + " alarm FROM signal WHERE condition = 'COVID-19' AND day = '2026-01-02'"
                    + " ORDER BY method"))
        .containsExactly("C1|1.0000|7.0000|t", "C2|1.1429|6.8571|t", "C3|1.1429|5.8571|t");
    assertThat(rows(TIMELINESS_SQL))
        .containsExactly(
            "9|PERTUSSIS|2026|1|2026-01-04|11|2880|5760|500|3000|72.73|30.00|70.00"
                + "|100.00|9.09|0.00|9.09|1");
    assertThat(
            rows(
                "SELECT results_with_result_time, round(on_time_pct::numeric, 2), active"
                    + " FROM timeliness_alert"))
        .containsExactly("11|72.73|t");
  }

  private static List<String> snapshot() throws SQLException {
    List<String> all = new ArrayList<>();
    for (String table :
        List.of("trend_daily", "trend_weekly", "dose_weekly", "signal", "timeliness_weekly")) {
      all.addAll(
          rows("SELECT * FROM " + table + " ORDER BY 1,2,3,4,5,6,7").stream()
              .map(r -> table + ":" + r.replaceAll("\\|[0-9-]+ [0-9:.+]+$", ""))
              .collect(Collectors.toList()));
    }
    return all;
  }

  private static long oldestUpdate(String table) throws SQLException {
    List<String> r =
        rows("SELECT (extract(epoch FROM min(updated_at)) * 1000)::bigint FROM " + table);
    return r.isEmpty() || r.get(0).equals("null") ? 0 : Long.parseLong(r.get(0));
  }

  private static List<String> rows(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> cols = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cols.add(String.valueOf(rs.getString(i)));
        }
        out.add(String.join("|", cols));
      }
    }
    return out;
  }

  private static void deleteRecursively(Path root) throws Exception {
    try (var paths = Files.walk(root)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .filter(p -> !p.equals(root))
          .forEach(p -> p.toFile().delete());
    }
  }
}
