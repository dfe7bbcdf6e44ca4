package io.vigil.analytics.sink;

import io.vigil.analytics.job.AnalyticsConfig;
import io.vigil.analytics.signals.SignalRow;
import io.vigil.analytics.timeliness.TimelinessAlert;
import io.vigil.analytics.timeliness.TimelinessRow;
import io.vigil.analytics.trends.Cell;
import io.vigil.events.MmwrWeek;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;

/**
 * PostgreSQL sinks: batched {@code INSERT … ON CONFLICT (cell key) DO UPDATE SET totals =
 * EXCLUDED.totals}. Rows carry absolute totals, so writing a row again (a replay after a restore,
 * an at-least-once retry) leaves the table as it was: the sinks are idempotent. They flush every
 * batch, every {@code flushInterval} and on each checkpoint. A failed write fails the task, and
 * Flink restarts the job from its last checkpoint ({@link RestartableJdbcSink}).
 */
public final class JdbcUpserts {
  static final String TREND_DAILY =
      "INSERT INTO trend_daily (condition, state_fips, county_fips, zip3, age_band, sex, day,"
          + " tests, positives, new_cases, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,now())"
          + " ON CONFLICT (condition, state_fips, county_fips, zip3, age_band, sex, day) DO UPDATE"
          + " SET tests = EXCLUDED.tests, positives = EXCLUDED.positives,"
          + " new_cases = EXCLUDED.new_cases, updated_at = now()";

  static final String TREND_WEEKLY =
      "INSERT INTO trend_weekly (condition, state_fips, county_fips, zip3, age_band, sex,"
          + " mmwr_year, mmwr_week, week_start, tests, positives, new_cases, updated_at)"
          + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,now()) ON CONFLICT (condition, state_fips,"
          + " county_fips, zip3, age_band, sex, mmwr_year, mmwr_week) DO UPDATE"
          + " SET tests = EXCLUDED.tests, positives = EXCLUDED.positives,"
          + " new_cases = EXCLUDED.new_cases, updated_at = now()";

  static final String DOSE_WEEKLY =
      "INSERT INTO dose_weekly (vaccine_group, state_fips, county_fips, zip3, age_band,"
          + " mmwr_year, mmwr_week, week_start, doses, updated_at) VALUES (?,?,?,?,?,?,?,?,?,now())"
          + " ON CONFLICT (vaccine_group, state_fips, county_fips, zip3, age_band, mmwr_year,"
          + " mmwr_week) DO UPDATE SET doses = EXCLUDED.doses, updated_at = now()";

  static final String SIGNAL =
      "INSERT INTO signal (condition, state_fips, county_fips, day, method, observed, expected,"
          + " sigma, statistic, threshold, alarm, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,now())"
          + " ON CONFLICT (condition, state_fips, county_fips, day, method) DO UPDATE SET"
          + " observed = EXCLUDED.observed, expected = EXCLUDED.expected,"
          + " sigma = EXCLUDED.sigma, statistic = EXCLUDED.statistic,"
          + " threshold = EXCLUDED.threshold, alarm = EXCLUDED.alarm, updated_at = now()";

  static final String TIMELINESS =
      "INSERT INTO timeliness_weekly (sender_id, condition, mmwr_year, mmwr_week, week_start,"
          + " reports, collected_to_received_p50_minutes, collected_to_received_p90_minutes,"
          + " resulted_to_received_p50_minutes, resulted_to_received_p90_minutes,"
          + " pct_received_24h_after_result, pct_collected_1d, pct_collected_3d,"
          + " pct_collected_7d, pct_missing_collected, pct_missing_resulted,"
          + " pct_missing_created, results_before_collection, updated_at)"
          + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,now())"
          + " ON CONFLICT (sender_id, condition, mmwr_year, mmwr_week) DO UPDATE SET"
          + " reports = EXCLUDED.reports,"
          + " collected_to_received_p50_minutes = EXCLUDED.collected_to_received_p50_minutes,"
          + " collected_to_received_p90_minutes = EXCLUDED.collected_to_received_p90_minutes,"
          + " resulted_to_received_p50_minutes = EXCLUDED.resulted_to_received_p50_minutes,"
          + " resulted_to_received_p90_minutes = EXCLUDED.resulted_to_received_p90_minutes,"
          + " pct_received_24h_after_result = EXCLUDED.pct_received_24h_after_result,"
          + " pct_collected_1d = EXCLUDED.pct_collected_1d,"
          + " pct_collected_3d = EXCLUDED.pct_collected_3d,"
          + " pct_collected_7d = EXCLUDED.pct_collected_7d,"
          + " pct_missing_collected = EXCLUDED.pct_missing_collected,"
          + " pct_missing_resulted = EXCLUDED.pct_missing_resulted,"
          + " pct_missing_created = EXCLUDED.pct_missing_created,"
          + " results_before_collection = EXCLUDED.results_before_collection,"
          + " updated_at = now()";

  static final String ALERT =
      "INSERT INTO timeliness_alert (sender_id, mmwr_year, mmwr_week, week_start,"
          + " results_with_result_time, on_time_pct, threshold, active, raised_at, updated_at)"
          + " VALUES (?,?,?,?,?,?,?,?,now(),now()) ON CONFLICT (sender_id, mmwr_year, mmwr_week)"
          + " DO UPDATE SET results_with_result_time = EXCLUDED.results_with_result_time,"
          + " on_time_pct = EXCLUDED.on_time_pct, threshold = EXCLUDED.threshold,"
          + " active = EXCLUDED.active, updated_at = now()";

  private JdbcUpserts() {}

  /** The six PostgreSQL sinks for {@code config}. */
  public static AnalyticsSinks sinks(AnalyticsConfig config) {
    JdbcConnectionOptions connection =
        new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
            .withUrl(config.jdbcUrl())
            .withDriverName("org.postgresql.Driver")
            .withUsername(config.jdbcUser())
            .withPassword(config.jdbcPassword())
            .build();
    JdbcExecutionOptions execution =
        JdbcExecutionOptions.builder()
            .withBatchSize(config.sinkBatchSize())
            .withBatchIntervalMs(config.flushInterval().toMillis())
            .withMaxRetries(3)
            .build();
    return new AnalyticsSinks(
        sink("trend_daily", TREND_DAILY, new TrendDaily(), connection, execution),
        sink("trend_weekly", TREND_WEEKLY, new TrendWeekly(), connection, execution),
        sink("dose_weekly", DOSE_WEEKLY, new DoseWeekly(), connection, execution),
        sink("signal", SIGNAL, new Signal(), connection, execution),
        sink("timeliness_weekly", TIMELINESS, new Timeliness(), connection, execution),
        sink("timeliness_alert", ALERT, new Alert(), connection, execution));
  }

  private static <T> Sink<T> sink(
      String table,
      String sql,
      JdbcStatementBuilder<T> binder,
      JdbcConnectionOptions connection,
      JdbcExecutionOptions execution) {
    JdbcConnectionProvider provider = new SimpleJdbcConnectionProvider(connection);
    JdbcSink<T> jdbc =
        JdbcSink.<T>builder()
            .withQueryStatement(sql, binder)
            .withExecutionOptions(execution)
            .buildAtLeastOnce(provider);
    return new RestartableJdbcSink<>(table, jdbc, provider);
  }

  private static Date day(long epochDay) {
    return Date.valueOf(LocalDate.ofEpochDay(epochDay));
  }

  private static int bindDimensions(PreparedStatement ps, Cell c) throws SQLException {
    ps.setString(1, c.subject);
    ps.setString(2, c.stateFips);
    ps.setString(3, c.countyFips);
    ps.setString(4, c.zip3);
    ps.setString(5, c.ageBand);
    return 6;
  }

  private static int bindWeek(PreparedStatement ps, int i, long weekStart) throws SQLException {
    MmwrWeek week = MmwrWeek.of(LocalDate.ofEpochDay(weekStart));
    ps.setInt(i, week.year());
    ps.setInt(i + 1, week.week());
    ps.setDate(i + 2, day(weekStart));
    return i + 3;
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.DOUBLE);
    } else {
      ps.setDouble(i, v);
    }
  }

  static final class TrendDaily implements JdbcStatementBuilder<Cell> {
    private static final long serialVersionUID = 1L;

    @Override
    public void accept(PreparedStatement ps, Cell c) throws SQLException {
      int i = bindDimensions(ps, c);
      ps.setString(i++, c.sex);
      ps.setDate(i++, day(c.periodStart));
      ps.setLong(i++, c.counts[0]);
      ps.setLong(i++, c.counts[1]);
      ps.setLong(i, c.counts[2]);
    }
  }

  static final class TrendWeekly implements JdbcStatementBuilder<Cell> {
    private static final long serialVersionUID = 1L;

    @Override
    public void accept(PreparedStatement ps, Cell c) throws SQLException {
      int i = bindDimensions(ps, c);
      ps.setString(i++, c.sex);
      i = bindWeek(ps, i, c.periodStart);
      ps.setLong(i++, c.counts[0]);
      ps.setLong(i++, c.counts[1]);
      ps.setLong(i, c.counts[2]);
    }
  }

  static final class DoseWeekly implements JdbcStatementBuilder<Cell> {
    private static final long serialVersionUID = 1L;

    @Override
    public void accept(PreparedStatement ps, Cell c) throws SQLException {
      int i = bindDimensions(ps, c);
      i = bindWeek(ps, i, c.periodStart);
      ps.setLong(i, c.counts[0]);
    }
  }

  static final class Signal implements JdbcStatementBuilder<SignalRow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void accept(PreparedStatement ps, SignalRow r) throws SQLException {
      ps.setString(1, r.condition());
      ps.setString(2, r.stateFips());
      ps.setString(3, r.countyFips());
      ps.setDate(4, day(r.day()));
      ps.setString(5, r.method());
      ps.setLong(6, r.observed());
      ps.setDouble(7, r.expected());
      ps.setDouble(8, r.sigma());
      ps.setDouble(9, r.statistic());
      ps.setDouble(10, r.threshold());
      ps.setBoolean(11, r.alarm());
    }
  }

  static final class Timeliness implements JdbcStatementBuilder<TimelinessRow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void accept(PreparedStatement ps, TimelinessRow r) throws SQLException {
      ps.setString(1, r.senderId());
      ps.setString(2, r.condition());
      int i = bindWeek(ps, 3, r.weekStart());
      ps.setLong(i++, r.reports());
      setLong(ps, i++, r.collectedP50());
      setLong(ps, i++, r.collectedP90());
      setLong(ps, i++, r.resultedP50());
      setLong(ps, i++, r.resultedP90());
      setDouble(ps, i++, r.pctReceived24hAfterResult());
      setDouble(ps, i++, r.pctCollected1d());
      setDouble(ps, i++, r.pctCollected3d());
      setDouble(ps, i++, r.pctCollected7d());
      setDouble(ps, i++, r.pctMissingCollected());
      setDouble(ps, i++, r.pctMissingResulted());
      setDouble(ps, i++, r.pctMissingCreated());
      ps.setLong(i, r.resultsBeforeCollection());
    }
  }

  static final class Alert implements JdbcStatementBuilder<TimelinessAlert> {
    private static final long serialVersionUID = 1L;

    @Override
    public void accept(PreparedStatement ps, TimelinessAlert a) throws SQLException {
      ps.setString(1, a.senderId());
      int i = bindWeek(ps, 2, a.weekStart());
      ps.setLong(i++, a.withResulted());
      ps.setDouble(i++, a.onTimePct());
      ps.setDouble(i++, a.threshold());
      ps.setBoolean(i, a.active());
    }
  }
}
