package io.vigil.hub.timeliness;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads {@code timeliness_weekly} (written by the stream-analytics job), late-sender alerts, and
 * which facility ids a sender owns. Blocking.
 */
public final class TimelinessReader {
  /** Columns served, in order (snake case, as in the table and the CSV). */
  public static final List<String> COLUMNS =
      List.of(
          "sender_id",
          "condition",
          "mmwr_year",
          "mmwr_week",
          "week_start",
          "reports",
          "collected_to_received_p50_minutes",
          "collected_to_received_p90_minutes",
          "resulted_to_received_p50_minutes",
          "resulted_to_received_p90_minutes",
          "pct_received_24h_after_result",
          "pct_collected_1d",
          "pct_collected_3d",
          "pct_collected_7d",
          "pct_missing_collected",
          "pct_missing_resulted",
          "pct_missing_created",
          "results_before_collection",
          "updated_at");

  private final DataSource dataSource;

  public TimelinessReader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Rows with {@code week_start} in {@code [fromWeekStart, toWeekStart]}, optionally of one sender
   * and one condition, ordered by sender, condition, week. Values keyed by {@link #COLUMNS}.
   */
  public List<Map<String, Object>> weekly(
      Optional<String> sender, Optional<String> condition, LocalDate fromWeekStart, LocalDate to)
      throws SQLException {
    String sql =
        "SELECT "
            + String.join(", ", COLUMNS)
            + " FROM timeliness_weekly WHERE week_start >= ? AND week_start <= ?"
            + (sender.isPresent() ? " AND sender_id = ?" : "")
            + (condition.isPresent() ? " AND condition = ?" : "")
            + " ORDER BY sender_id, condition, week_start";
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setObject(i++, fromWeekStart);
      ps.setObject(i++, to);
      if (sender.isPresent()) {
        ps.setString(i++, sender.get());
      }
      if (condition.isPresent()) {
        ps.setString(i, condition.get());
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int col = 1; col <= md.getColumnCount(); col++) {
            Object v = rs.getObject(col);
            row.put(COLUMNS.get(col - 1), v == null ? null : plain(v));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** Number of active late-sender alerts (sender-weeks below the on-time threshold). */
  public long activeAlerts() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM timeliness_alert WHERE active");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** True when {@code facilityId} belongs to sender {@code senderId}. */
  public boolean ownsFacility(long senderId, String facilityId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT 1 FROM sender WHERE id = ? AND facility_id = ?"
                    + " UNION ALL SELECT 1 FROM sender_facility"
                    + " WHERE sender_id = ? AND facility_id = ?")) {
      ps.setLong(1, senderId);
      ps.setString(2, facilityId);
      ps.setLong(3, senderId);
      ps.setString(4, facilityId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static Object plain(Object v) {
    if (v instanceof Number || v instanceof String || v instanceof Boolean) {
      return v;
    }
    return v.toString(); // dates and timestamps as ISO text
  }
}
