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
      ps.setString(1, StorableText.of(controlId));
      if (facilityId != null) {
        ps.setString(2, StorableText.of(facilityId));
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

  /**
   * The newest submissions first, one page: those with an id below {@code before} (all when null),
   * from one facility when {@code facilityId} is not null, limited to {@code ownSender} when not
   * null. Ids are time-ordered (UUIDv7), so id order is receipt order and the last id of a page is
   * the cursor of the next. Each row carries its log leaf index (null if it has none).
   *
   * @param limit rows wanted, 1..{@value #LIST_LIMIT}; one more is read to tell whether a next page
   *     exists
   */
  public SubmissionPage list(UUID before, String facilityId, Long ownSender, int limit)
      throws SQLException {
    if (limit < 1 || limit > LIST_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + LIST_LIMIT + ", was " + limit);
    }
    StringBuilder sql =
        new StringBuilder("SELECT s.id, s.facility_id, s.transport, s.format, s.message_type,")
            .append(" s.control_id, s.received_at, s.disposition, s.ack_code, l.leaf_index")
            .append(" FROM submission s LEFT JOIN log_leaf l ON l.submission_id = s.id")
            .append(" WHERE true");
    List<Object> args = new ArrayList<>();
    if (before != null) {
      sql.append(" AND s.id < ?");
      args.add(before);
    }
    if (facilityId != null) {
      sql.append(" AND s.facility_id = ?");
      args.add(StorableText.of(facilityId));
    }
    if (ownSender != null) {
      sql.append(" AND s.sender_id = ?");
      args.add(ownSender);
    }
    sql.append(" ORDER BY s.id DESC LIMIT ?");
    args.add(limit + 1);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      List<SubmissionSummary> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long leaf = rs.getLong(10);
          Long leafIndex = rs.wasNull() ? null : leaf;
          rows.add(
              new SubmissionSummary(
                  rs.getObject(1, UUID.class),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getObject(7, OffsetDateTime.class).toInstant(),
                  rs.getString(8),
                  rs.getString(9),
                  leafIndex));
        }
      }
      boolean more = rows.size() > limit;
      List<SubmissionSummary> page = more ? rows.subList(0, limit) : rows;
      return new SubmissionPage(List.copyOf(page), more ? page.get(limit - 1).id() : null);
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
