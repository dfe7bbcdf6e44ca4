package io.vigil.ingest.sender;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One facility id names one sender, and one certificate subject identifies one: a registration that
 * would make either ambiguous is refused, naming the sender that has it. An alias of another sender
 * moves only when asked ({@link SenderRegistry.Registration#moveFacilities}): it once moved without
 * a word, and that lab's messages were then taken as from the other sender (ops6); an alias that
 * was another sender's own id made which sender a message belonged to depend on row order.
 */
final class SenderConflicts {
  private static final Logger LOG = LoggerFactory.getLogger(SenderRegistry.class);

  private SenderConflicts() {}

  /**
   * Refuses {@code change} to {@code facilityId}'s sender when it conflicts; call in the
   * registration's transaction.
   *
   * @throws IllegalArgumentException saying what conflicts and what to do
   */
  static void refuse(Connection c, String facilityId, SenderRegistry.Registration change)
      throws SQLException {
    Optional<String> primaryAliasOf = aliasOwner(c, facilityId);
    if (primaryAliasOf.isPresent()) {
      throw new IllegalArgumentException(
          facilityId
              + " is a further facility id of sender "
              + primaryAliasOf.get()
              + "; register its changes there (or move it with that sender's aliases)");
    }
    for (String alias : change.aliases()) {
      if (alias.equals(facilityId)) {
        continue;
      }
      if (isPrimary(c, alias)) {
        throw new IllegalArgumentException(
            alias + " is the facility id of another sender; one facility id names one sender");
      }
      Optional<String> owner = aliasOwner(c, alias);
      if (owner.isPresent() && !owner.get().equals(facilityId)) {
        if (!change.moveFacilities()) {
          throw new IllegalArgumentException(
              alias
                  + " is a further facility id of sender "
                  + owner.get()
                  + "; to move it to "
                  + facilityId
                  + ", give --move-facility");
        }
        LOG.warn(
            "facility id moved between senders [facility: {}, from: {}, to: {}]",
            LoggableText.of(alias),
            LoggableText.of(owner.get()),
            LoggableText.of(facilityId));
      }
    }
    if (change.certSubject() != null) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT facility_id FROM sender WHERE cert_subject = ? AND facility_id <> ?")) {
        ps.setString(1, SenderRegistry.normalizeSubject(change.certSubject()));
        ps.setString(2, facilityId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            throw new IllegalArgumentException(
                "certificate subject is already sender "
                    + rs.getString(1)
                    + "'s; one certificate identifies one sender (clear it there first with"
                    + " --clear-cert-subject)");
          }
        }
      }
    }
  }

  /** The primary facility id of the sender that has {@code facilityId} as a further one. */
  private static Optional<String> aliasOwner(Connection c, String facilityId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT s.facility_id FROM sender_facility f JOIN sender s ON s.id = f.sender_id"
                + " WHERE f.facility_id = ?")) {
      ps.setString(1, facilityId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static boolean isPrimary(Connection c, String facilityId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sender WHERE facility_id = ?")) {
      ps.setString(1, facilityId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
