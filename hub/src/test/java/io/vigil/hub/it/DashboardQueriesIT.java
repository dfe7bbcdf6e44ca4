package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigil.hub.ChainSettings;
import io.vigil.hub.HubConfig;
import io.vigil.hub.events.EventsSettings;
import io.vigil.hub.ops.OpsFiles;
import io.vigil.ingest.intake.RateLimitConfig;
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
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards against reality, since Grafana and Prometheus cannot run here: a dev hub with
 * Kafka, the outbox relay and anvil anchoring exports the metrics every PromQL expression must
 * name; its migrated database, filled with aggregates, runs every SQL panel query as a member of
 * the read-only role, and the suppressed views never show a count of 1..10 or a total that gives
 * one away.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DashboardQueriesIT {
  @TempDir Path dir;

  /** Prometheus name → {source file, Micrometer name} of counters created on their first event. */
  private static final Map<String, String[]> REGISTERED_ON_FIRST_EVENT =
      Map.of(
          "vigil_ingest_not_stored_total",
          new String[] {
            "ingest/src/main/java/io/vigil/ingest/intake/IngestMetrics.java",
            "vigil.ingest.not.stored"
          },
          "vigil_ingest_busy_total",
          new String[] {
            "ingest/src/main/java/io/vigil/ingest/intake/IngestMetrics.java", "vigil.ingest.busy"
          });

  private static final List<String> COUNT_COLUMNS =
      List.of("tests", "positives", "new_cases", "doses", "reports", "observed");

  @Test
  void everyPromQlExpressionReadsMetricsTheHubExports() throws Exception {
    HubConfig config =
        HubConfig.forDev(dir)
            // The in-process analytics job too, so its gauge (vigil_analytics_job_running) exists.
            .withEvents(
                EventsSettings.defaults()
                    .withKafka(EventsSettings.KafkaMode.EMBEDDED)
                    .withAnalytics(EventsSettings.AnalyticsMode.LOCAL))
            .withChain(ChainSettings.anvil())
            // Tiny rate per facility so that the rate-limit counter exists too.
            .withRateLimit(new RateLimitConfig(0.5, 2));
    try (HubFixture fixture = new HubFixture(config)) {
      try (MllpClient mllp = new MllpClient(fixture.hub.mllpPort())) {
        for (int i = 0; i < 3; i++) {
          mllp.send(TestMessages.elr("05D0000001", "DASH-" + i));
        }
        // A wrong LOINC check digit: a finding, so its counter exists.
        mllp.send(TestMessages.elr("05D0000002", "DASH-F").replace("94500-6", "94500-5"));
      }
      Set<String> wanted = new TreeSet<>();
      for (OpsFiles.Query q : OpsFiles.promQueries()) {
        for (String name : OpsFiles.metricNames(q.text())) {
          if (name.startsWith("vigil_")) {
            wanted.add(name);
          } else {
            assertThat(OpsFiles.EXTERNAL_METRICS)
                .as(
                    "%s reads %s: not exported by the hub nor an allowlisted external metric",
                    q, name)
                .contains(name);
          }
        }
      }
      assertThat(wanted).hasSizeGreaterThan(15);
      String url = "http://127.0.0.1:" + fixture.hub.httpPort() + "/metrics";
      HttpClient http = HttpClient.newHttpClient();
      List<String> missing = new ArrayList<>();
      try {
        await()
            .atMost(Duration.ofSeconds(45))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> {
                  Set<String> exported = exported(http, url);
                  missing.clear();
                  wanted.stream().filter(n -> !exported.contains(n)).forEach(missing::add);
                  return REGISTERED_ON_FIRST_EVENT.keySet().containsAll(missing);
                });
      } catch (ConditionTimeoutException e) {
        // reported below with the names
      }
      // Registered on their first event only (a database refusing writes, a spent memory budget):
      // checked in the source.
      for (var lazy : REGISTERED_ON_FIRST_EVENT.entrySet()) {
        if (missing.remove(lazy.getKey())) {
          assertThat(Files.readString(OpsFiles.root().resolve(lazy.getValue()[0])))
              .contains("Counter.builder(\"" + lazy.getValue()[1] + "\")");
        }
      }
      assertThat(missing).as("metrics the dashboards read but the hub does not export").isEmpty();
    }
  }

  private static Set<String> exported(HttpClient http, String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    Set<String> names = new TreeSet<>();
    for (String line : r.body().split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  @Test
  void everySqlPanelRunsReadOnlyOnSuppressedViews() throws Exception {
    try (HubFixture fixture = new HubFixture(HubConfig.forDev(dir))) {
      // Without the URL's ?user=postgres, which would win over the login given below.
      String jdbc = fixture.hub.jdbcUrl().replaceFirst("\\?.*$", "");
      try (Connection admin = fixture.sql()) {
        fill(admin);
        try (Statement s = admin.createStatement()) {
          // Grafana's login: a member of the role the migration granted schema "dashboard" to.
          s.execute("CREATE ROLE grafana_it LOGIN PASSWORD 'grafana-it' IN ROLE vigil_dashboard");
        }
      }
      try (Connection grafana = DriverManager.getConnection(jdbc, "grafana_it", "grafana-it")) {
        assertThat(
                scalar(
                    grafana,
                    "SELECT count(*) FROM pg_roles WHERE rolname = current_user AND NOT rolsuper AND rolname = 'grafana_it'"))
            .isEqualTo(1);
        Pattern relation = Pattern.compile("(?i)\\b(?:from|join)\\s+([a-z_.\"]+)");
        List<OpsFiles.Query> queries = OpsFiles.sqlQueries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
        for (OpsFiles.Query q : queries) {
          Matcher m = relation.matcher(q.text());
          while (m.find()) {
            assertThat(m.group(1))
                .as("%s reads outside schema dashboard", q)
                .startsWith("dashboard.");
          }
          try (Statement s = grafana.createStatement();
              ResultSet rs = s.executeQuery(OpsFiles.expand(q.text()))) {
            assertThat(rs.next()).as("%s returns rows on the test data", q).isTrue();
          }
        }
        assertThatThrownBy(
                () -> grafana.createStatement().executeQuery("SELECT * FROM trend_weekly"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("permission denied");
        assertNoSmallCells(grafana);
        assertNoSingleHiddenPart(
            grafana,
            "trend_weekly_county",
            "trend_weekly_state",
            "condition",
            List.of("tests", "positives", "new_cases"));
        assertNoSingleHiddenPart(
            grafana,
            "trend_weekly_age",
            "trend_weekly_state",
            "condition",
            List.of("tests", "positives", "new_cases"));
        assertNoSingleHiddenPart(
            grafana, "dose_weekly_age", "dose_weekly_state", "vaccine_group", List.of("doses"));
        assertKnownGroup(grafana);
      }
    }
  }

  /** No count column of any dashboard view holds 1..10, and positivity never outlives its count. */
  private static void assertNoSmallCells(Connection c) throws SQLException {
    List<String[]> columns = new ArrayList<>();
    try (ResultSet rs =
        c.createStatement()
            .executeQuery(
                "SELECT table_name, column_name FROM information_schema.columns"
                    + " WHERE table_schema = 'dashboard'")) {
      while (rs.next()) {
        if (COUNT_COLUMNS.contains(rs.getString(2))) {
          columns.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    assertThat(columns).hasSizeGreaterThanOrEqualTo(12);
    for (String[] col : columns) {
      long shown = scalar(c, "SELECT count(" + col[1] + ") FROM dashboard." + col[0]);
      long small =
          scalar(
              c,
              "SELECT count(*) FROM dashboard."
                  + col[0]
                  + " WHERE "
                  + col[1]
                  + " BETWEEN 1 AND 10");
      assertThat(shown).as("%s.%s shows values", col[0], col[1]).isPositive();
      assertThat(small).as("%s.%s shows a small cell", col[0], col[1]).isZero();
    }
    for (String view : List.of("trend_weekly_state", "trend_weekly_county")) {
      assertThat(
              scalar(
                  c,
                  "SELECT count(*) FROM dashboard."
                      + view
                      + " WHERE positivity IS NOT NULL AND positives IS NULL"))
          .isZero();
    }
  }

  /**
   * Within one group (the parts of a shown total), a column never hides exactly one part: the shown
   * total minus the shown parts would be that part.
   */
  private static void assertNoSingleHiddenPart(
      Connection c, String parts, String totals, String key, List<String> columns)
      throws SQLException {
    for (String col : columns) {
      String sql =
          "SELECT count(*) FROM (SELECT p."
              + key
              + ", p.state_fips, p.week_start, count(*) FILTER (WHERE p."
              + col
              + " IS NULL) AS hidden FROM dashboard."
              + parts
              + " p JOIN dashboard."
              + totals
              + " t USING ("
              + key
              + ", state_fips, week_start) WHERE t."
              + col
              + " IS NOT NULL GROUP BY 1, 2, 3) g WHERE hidden = 1";
      assertThat(scalar(c, sql))
          .as("%s.%s groups with exactly one hidden part", parts, col)
          .isZero();
      long groupsWithHidden =
          scalar(
              c,
              "SELECT count(DISTINCT ("
                  + key
                  + ", state_fips, week_start)) FROM dashboard."
                  + parts
                  + " WHERE "
                  + col
                  + " IS NULL");
      assertThat(groupsWithHidden)
          .as("the data exercise suppression in %s.%s", parts, col)
          .isPositive();
    }
  }

  /** One group by hand: counties 50, 3 and 20 of a state-week with 73 tests. */
  private static void assertKnownGroup(Connection c) throws SQLException {
    try (ResultSet rs =
        c.createStatement()
            .executeQuery(
                "SELECT county_fips, tests FROM dashboard.trend_weekly_county"
                    + " WHERE condition = 'MEASLES' AND state_fips = '17' ORDER BY county_fips")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1) + "=" + rs.getObject(2));
      }
      assertThat(rows).containsExactly("17001=50", "17003=null", "17005=null");
    }
    assertThat(
            scalar(c, "SELECT tests FROM dashboard.trend_weekly_state WHERE condition = 'MEASLES'"))
        .isEqualTo(73);
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Seeded aggregates: counts mix zeros, small cells and large ones. */
  private static void fill(Connection c) throws SQLException {
    Random random = new Random(7);
    String[] conditions = {OpsFiles.CONDITION, "INFLUENZA"};
    String[] states = {OpsFiles.STATE, "06"};
    String[] ages = {"0-4", "5-17", "18-49", "50-64", "65+"};
    LocalDate firstWeek = LocalDate.now().minusWeeks(5).with(java.time.DayOfWeek.SUNDAY);
    try (PreparedStatement trend =
            c.prepareStatement(
                "INSERT INTO trend_weekly (condition, state_fips, county_fips, zip3, age_band, sex,"
                    + " mmwr_year, mmwr_week, week_start, tests, positives, new_cases)"
                    + " VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement dose =
            c.prepareStatement(
                "INSERT INTO dose_weekly (vaccine_group, state_fips, county_fips, zip3, age_band,"
                    + " mmwr_year, mmwr_week, week_start, doses) VALUES (?, ?, ?, '', ?, ?, ?, ?, ?)")) {
      for (int w = 0; w < 4; w++) {
        LocalDate week = firstWeek.plusWeeks(w);
        for (String state : states) {
          for (int county = 1; county <= 5; county++) {
            String fips = state + String.format("%03d", county * 2 - 1);
            for (String age : ages) {
              for (String condition : conditions) {
                for (String sex : new String[] {"F", "M"}) {
                  long tests = count(random);
                  long positives = Math.min(tests, count(random));
                  long cases = Math.min(positives, count(random));
                  trend.setString(1, condition);
                  trend.setString(2, state);
                  trend.setString(3, fips);
                  trend.setString(4, age);
                  trend.setString(5, sex);
                  trend.setInt(6, week.getYear());
                  trend.setInt(7, 40 + w);
                  trend.setObject(8, week);
                  trend.setLong(9, tests);
                  trend.setLong(10, positives);
                  trend.setLong(11, cases);
                  trend.addBatch();
                }
              }
              for (String group : new String[] {"COVID-19", "FLU"}) {
                dose.setString(1, group);
                dose.setString(2, state);
                dose.setString(3, fips);
                dose.setString(4, age);
                dose.setInt(5, week.getYear());
                dose.setInt(6, 40 + w);
                dose.setObject(7, week);
                dose.setLong(8, count(random));
                dose.addBatch();
              }
            }
          }
        }
      }
      long[][] measles = {{1, 50}, {3, 3}, {5, 20}};
      for (long[] county : measles) {
        trend.setString(1, "MEASLES");
        trend.setString(2, "17");
        trend.setString(3, String.format("17%03d", county[0]));
        trend.setString(4, "18-49");
        trend.setString(5, "F");
        trend.setInt(6, firstWeek.getYear());
        trend.setInt(7, 40);
        trend.setObject(8, firstWeek);
        trend.setLong(9, county[1]);
        trend.setLong(10, 0);
        trend.setLong(11, 0);
        trend.addBatch();
      }
      trend.executeBatch();
      dose.executeBatch();
    }
    try (Statement s = c.createStatement()) {
      String day = "'" + firstWeek.plusDays(9) + "'";
      String week = "'" + firstWeek.plusWeeks(1) + "'";
      s.execute(
          "INSERT INTO signal VALUES ('COVID-19', '17', '17001', "
              + day
              + ", 'C2', 15, 4.2, 2.1, 5.1, 3, true, now()),"
              + " ('COVID-19', '17', '17003', "
              + day
              + ", 'C1', 4, 0.5, 1.0, 3.5, 3, true, now())");
      s.execute(
          "INSERT INTO timeliness_weekly (sender_id, condition, mmwr_year, mmwr_week, week_start,"
              + " reports, collected_to_received_p50_minutes, collected_to_received_p90_minutes,"
              + " resulted_to_received_p50_minutes, resulted_to_received_p90_minutes,"
              + " pct_received_24h_after_result, pct_collected_7d, pct_missing_collected,"
              + " results_before_collection) VALUES"
              + " ('05D0000001', 'COVID-19', 2026, 41, "
              + week
              + ", 40, 1500, 2900, 300, 1200, 92.5, 100, 0, 0),"
              + " ('05D0000002', 'COVID-19', 2026, 41, "
              + week
              + ", 4, 1500, 2900, 300, 1200, 25, 100, 0, 0)");
      s.execute(
          "INSERT INTO timeliness_alert (sender_id, mmwr_year, mmwr_week, week_start,"
              + " results_with_result_time, on_time_pct, threshold, active) VALUES"
              + " ('05D0000003', 2026, 41, "
              + week
              + ", 30, 60, 80, true), ('05D0000002', 2026, 41, "
              + week
              + ", 4, 25, 80, true)");
    }
  }

  /**
   * Sparse cells, as real line lists are: zero 60 % of the time, 1..4 30 %, 5..40 10 %; sums of ten
   * of them (a county or an age band of a state-week) land both below and above 11.
   */
  private static long count(Random random) {
    int r = random.nextInt(10);
    return r < 6 ? 0 : r < 9 ? 1 + random.nextInt(4) : 5 + random.nextInt(36);
  }
}
