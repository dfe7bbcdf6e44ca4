package io.vigil.ingest.trends;

import io.vigil.events.MmwrWeek;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads the aggregate tables the stream-analytics job maintains ({@code trend_daily}, {@code
 * trend_weekly}, {@code dose_weekly}, {@code signal}), summed over ZIP3. Always reads every
 * jurisdiction of the period range: suppression needs the whole lattice to stay consistent.
 */
public final class AggregateReader {
  private final DataSource dataSource;

  public AggregateReader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Lab result cells: measures tests, positives, new cases. */
  List<CellRow> trends(AggregateQuery q) throws SQLException {
    String period = q.weekly() ? "week_start" : "day";
    String sql =
        "SELECT "
            + period
            + ", state_fips, county_fips, age_band, sex, sum(tests), sum(positives),"
            + " sum(new_cases) FROM "
            + (q.weekly() ? "trend_weekly" : "trend_daily")
            + " WHERE condition = ? AND "
            + period
            + " BETWEEN ? AND ? GROUP BY 1, 2, 3, 4, 5";
    return read(sql, q, 3, true);
  }

  /** Dose cells: measure doses (no sex dimension). */
  List<CellRow> doses(AggregateQuery q) throws SQLException {
    String sql =
        "SELECT week_start, state_fips, county_fips, age_band, '' AS sex, sum(doses)"
            + " FROM dose_weekly WHERE (? IS NULL OR vaccine_group = ?) AND week_start BETWEEN ? AND ?"
            + " GROUP BY 1, 2, 3, 4";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      String group = q.subject().orElse(null);
      ps.setString(1, group);
      ps.setString(2, group);
      ps.setDate(3, Date.valueOf(firstPeriod(q)));
      ps.setDate(4, Date.valueOf(q.to()));
      return rows(ps, 1, false);
    }
  }

  /** Signal rows of a condition in a jurisdiction, by day and method. */
  List<SignalRow> signals(AggregateQuery q) throws SQLException {
    String sql =
        "SELECT day, state_fips, county_fips, method, observed, expected, sigma, statistic,"
            + " threshold, alarm FROM signal WHERE condition = ? AND day BETWEEN ? AND ?"
            + " AND (? = '*' OR state_fips = ? OR county_fips = ?) ORDER BY day, state_fips,"
            + " county_fips, method";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, q.subject().orElse(""));
      ps.setDate(2, Date.valueOf(q.from()));
      ps.setDate(3, Date.valueOf(q.to()));
      ps.setString(4, q.jurisdiction());
      ps.setString(5, q.jurisdiction());
      ps.setString(6, q.jurisdiction());
      List<SignalRow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new SignalRow(
                  rs.getDate(1).toLocalDate(),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getLong(5),
                  rs.getDouble(6),
                  rs.getDouble(7),
                  rs.getDouble(8),
                  rs.getDouble(9),
                  rs.getBoolean(10)));
        }
      }
      return out;
    }
  }

  private List<CellRow> read(String sql, AggregateQuery q, int measures, boolean hasSex)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, q.subject().orElse(""));
      ps.setDate(2, Date.valueOf(firstPeriod(q)));
      ps.setDate(3, Date.valueOf(q.to()));
      return rows(ps, measures, hasSex);
    }
  }

  private static List<CellRow> rows(PreparedStatement ps, int measures, boolean hasSex)
      throws SQLException {
    List<CellRow> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long[] m = new long[measures];
        for (int i = 0; i < measures; i++) {
          m[i] = rs.getLong(6 + i);
        }
        String age = rs.getString(4);
        String sex = rs.getString(5);
        out.add(
            new CellRow(
                rs.getDate(1).toLocalDate(),
                Jurisdictions.countyKey(rs.getString(2), rs.getString(3)),
                age == null || age.isEmpty() ? "unknown" : age,
                hasSex ? (sex == null || sex.isEmpty() ? "U" : sex) : CountLattice.ALL,
                m));
      }
    }
    return out;
  }

  /** The periods of the range: days, or the Sundays starting its MMWR weeks. */
  static List<LocalDate> periods(AggregateQuery q) {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate d = firstPeriod(q); !d.isAfter(q.to()); d = d.plusDays(q.weekly() ? 7 : 1)) {
      out.add(d);
    }
    return out;
  }

  static LocalDate firstPeriod(AggregateQuery q) {
    return q.weekly() ? MmwrWeek.of(q.from()).start() : q.from();
  }

  /** The MMWR week of a weekly period, for display. */
  static Optional<MmwrWeek> week(AggregateQuery q, LocalDate period) {
    return q.weekly() ? Optional.of(MmwrWeek.of(period)) : Optional.empty();
  }

  /** One stored signal row. */
  record SignalRow(
      LocalDate day,
      String stateFips,
      String countyFips,
      String method,
      long observed,
      double expected,
      double sigma,
      double statistic,
      double threshold,
      boolean alarm) {}
}
