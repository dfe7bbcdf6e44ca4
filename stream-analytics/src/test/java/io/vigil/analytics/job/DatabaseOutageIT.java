package io.vigil.analytics.job;

import static io.vigil.analytics.testing.Events.lab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.analytics.sink.AnalyticsSchema;
import io.vigil.analytics.testing.TestKafka;
import io.vigil.analytics.testing.TestPostgres;
import io.vigil.events.DeidentifiedEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops6 #5: PostgreSQL refuses writes for a while (read-only, as during a failover or a full disk)
 * while events keep arriving. The job on its MiniCluster must come back by itself once the database
 * takes writes again and write the events of the outage and after it; before the fix a sink's
 * failing close() was fatal to the only TaskManager and the trend tables never moved again.
 */
class DatabaseOutageIT {
  private static final String TOPIC = "vigil.events.v1";
  private static final String COVID = "COVID-19";
  private static final Duration OUTAGE = Duration.ofSeconds(15);

  private static TestKafka kafka;
  private static String jdbcUrl;

  @TempDir static Path checkpoints;

  @BeforeAll
  static void start() throws Exception {
    kafka = TestKafka.start(TOPIC, 1);
    jdbcUrl = TestPostgres.freshDatabase();
    AnalyticsSchema.migrate(jdbcUrl, "postgres", "postgres");
  }

  @AfterAll
  static void stop() throws Exception {
    readOnly(false);
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

  @Test
  void catchesUpAfterTheDatabaseRefusedWrites() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate before = today.minusDays(3);
    LocalDate during = today.minusDays(2);
    LocalDate after = today.minusDays(1);
    try (LocalAnalytics job = LocalAnalytics.start(config())) {
      kafka.send(TOPIC, labs("before", before, 5));
      await().atMost(Duration.ofSeconds(40)).until(() -> tests(before) == 5);

      readOnly(true);
      long outageEnd = System.nanoTime() + OUTAGE.toNanos();
      int duringCount = 0;
      try {
        while (System.nanoTime() < outageEnd) {
          kafka.send(TOPIC, labs("during-" + duringCount, during, 1));
          duringCount++;
          Thread.sleep(500);
        }
      } finally {
        readOnly(false);
      }
      kafka.send(TOPIC, labs("after", after, 5));

      int expectedDuring = duringCount;
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                assertThat(tests(during)).as("tests on the outage's day").isEqualTo(expectedDuring);
                assertThat(tests(after)).as("tests after the outage").isEqualTo(5);
              });
      assertThat(tests(before)).isEqualTo(5);
      // The failed writers closed their connections: one per sink is open, not one per restart.
      assertThat(sinkConnections()).isLessThanOrEqualTo(6);
      // Running and checkpointing again, as the hub's vigil_analytics_job_running gauge reads it.
      await().atMost(Duration.ofSeconds(20)).until(job::isRunning);
    }
  }

  private static List<DeidentifiedEvent> labs(String prefix, LocalDate day, int n) {
    List<DeidentifiedEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(lab(prefix + "-" + i, COVID, day, "positive").build());
    }
    return events;
  }

  /** All sessions of the server, the sinks' open ones included, refuse writes (or take them). */
  private static void readOnly(boolean on) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        Statement s = c.createStatement()) {
      s.execute("SET default_transaction_read_only = off");
      s.execute(
          on
              ? "ALTER SYSTEM SET default_transaction_read_only = on"
              : "ALTER SYSTEM RESET default_transaction_read_only");
      s.execute("SELECT pg_reload_conf()");
    }
  }

  private static long sinkConnections() throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long tests(LocalDate day) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(sum(tests), 0) FROM trend_daily WHERE condition = '"
                    + COVID
                    + "' AND day = '"
                    + day
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
