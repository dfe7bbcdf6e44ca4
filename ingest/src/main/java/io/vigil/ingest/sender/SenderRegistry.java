package io.vigil.ingest.sender;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered senders, keyed by sending facility id (MSH-4). Known senders are cached; lookups of
 * unknown ones go to the database. In dev mode an unknown facility is registered on first contact
 * (and logged) so any lab's sample feed works; in production it is refused.
 */
public final class SenderRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(SenderRegistry.class);

  private final DataSource dataSource;
  private final boolean autoRegister;
  private final ConcurrentMap<String, Long> known = new ConcurrentHashMap<>();

  public SenderRegistry(DataSource dataSource, boolean autoRegister) {
    this.dataSource = dataSource;
    this.autoRegister = autoRegister;
  }

  /**
   * The id of the enabled sender for {@code facilityId}, registering it first in dev mode. Blocking
   * on a cache miss: call off the event loop.
   *
   * @throws SQLException when the database cannot be reached
   */
  public Optional<Long> resolve(String facilityId) throws SQLException {
    if (facilityId == null || facilityId.isBlank()) {
      return Optional.empty();
    }
    Long cached = known.get(facilityId);
    if (cached != null) {
      return Optional.of(cached);
    }
    try (Connection c = dataSource.getConnection()) {
      Optional<Long> found = find(c, facilityId);
      if (found.isEmpty() && autoRegister) {
        found = insert(c, facilityId, "DO NOTHING");
        if (found.isEmpty()) {
          found = find(c, facilityId); // registered concurrently, or exists but disabled
        }
      }
      found.ifPresent(id -> known.put(facilityId, id));
      return found;
    }
  }

  /** Registers (or re-enables) a sender explicitly; used by administration and tests. */
  public long register(String facilityId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      long id = insert(c, facilityId, "DO UPDATE SET enabled = true").orElseThrow();
      known.put(facilityId, id);
      return id;
    }
  }

  /** A registered sender, for administration. */
  public record Sender(long id, String facilityId, boolean enabled, boolean autoRegistered) {}

  /** All registered senders, by facility id. */
  public List<Sender> list() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, facility_id, enabled, auto_registered FROM sender ORDER BY facility_id");
        ResultSet rs = ps.executeQuery()) {
      List<Sender> senders = new ArrayList<>();
      while (rs.next()) {
        senders.add(new Sender(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)));
      }
      return senders;
    }
  }

  /** Disables a sender: its messages are refused from now on. False when it is not registered. */
  public boolean disable(String facilityId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE sender SET enabled = false WHERE facility_id = ?")) {
      ps.setString(1, facilityId);
      known.remove(facilityId);
      boolean changed = ps.executeUpdate() > 0;
      if (changed) {
        LOG.info("sender disabled [facility: {}]", facilityId);
      }
      return changed;
    }
  }

  private static Optional<Long> find(Connection c, String facilityId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM sender WHERE facility_id = ? AND enabled")) {
      ps.setString(1, facilityId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  /** Inserts a sender; empty when it exists but is disabled (a disabled sender stays so). */
  private Optional<Long> insert(Connection c, String facilityId, String onConflict)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO sender (facility_id, auto_registered) VALUES (?, ?) "
                + "ON CONFLICT (facility_id) "
                + onConflict
                + " RETURNING id")) {
      ps.setString(1, facilityId);
      ps.setBoolean(2, autoRegister);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long id = rs.getLong(1);
        // A facility identifier (CLIA number, OID) names a lab, not a patient: safe to log.
        LOG.info(
            "sender registered [facility: {}, id: {}, automatic: {}]",
            facilityId,
            id,
            autoRegister);
        return Optional.of(id);
      }
    }
  }
}
