package io.vigil.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Read side of the submission store, for the API. Blocking: call off the event loop. */
public final class SubmissionQueries {
  private static final String COLUMNS =
      "id, facility_id, transport, format, message_type, control_id, received_at, payload_sha256,"
          + " disposition, ack_code, findings::text";

  /** Most rows a list query returns. */
  public static final int LIST_LIMIT = 100;

  private final DataSource dataSource;

  public SubmissionQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Optional<SubmissionView> find(UUID id) throws SQLException {
    return find(id, null);
  }

  /**
   * The submission with this id, when it belongs to {@code ownSender} (any sender when null): a
   * sender's principal sees only its own submissions.
   */
  public Optional<SubmissionView> find(UUID id, Long ownSender) throws SQLException {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM submission WHERE id = ?"
            + (ownSender == null ? "" : " AND sender_id = ?");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, id);
      if (ownSender != null) {
        ps.setLong(2, ownSender);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(view(rs)) : Optional.empty();
      }
    }
  }

  /** Submissions with this control id, optionally from one facility, newest first. */
  public List<SubmissionView> findByControlId(String controlId, String facilityId)
      throws SQLException {
    return findByControlId(controlId, facilityId, null);
  }

  /** As {@link #findByControlId(String, String)}, limited to {@code ownSender} when not null. */
  public List<SubmissionView> findByControlId(String controlId, String facilityId, Long ownSender)
      throws SQLException {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM submission WHERE control_id = ?"
            + (facilityId == null ? "" : " AND facility_id = ?")
            + (ownSender == null ? "" : " AND sender_id = " + ownSender.longValue())
            + " ORDER BY received_at DESC LIMIT "
            + LIST_LIMIT;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, controlId);
      if (facilityId != null) {
        ps.setString(2, facilityId);
      }
      List<SubmissionView> views = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          views.add(view(rs));
        }
      }
      return views;
    }
  }

  private static SubmissionView view(ResultSet rs) throws SQLException {
    return new SubmissionView(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getObject(7, OffsetDateTime.class).toInstant(),
        HexFormat.of().formatHex(rs.getBytes(8)),
        rs.getString(9),
        rs.getString(10),
        FindingsJson.read(rs.getString(11)));
  }
}
