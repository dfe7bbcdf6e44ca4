package io.vigil.ingest.sender;

import io.vigil.ingest.store.StorableText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

  /**
   * How long a sender read from the database is trusted: a sender revoked or given other kinds by
   * {@code vigil sender} (another process) takes effect on every running hub within this time. It
   * was cached for the hub's life: a revoked lab kept sending over HTTP until a restart (ops6).
   */
  public static final java.time.Duration CACHE_TTL = java.time.Duration.ofSeconds(2);

  private final ConcurrentMap<String, Cached<Long>> known = new ConcurrentHashMap<>();
  private final ConcurrentMap<Long, Cached<Set<String>>> kindsBySender = new ConcurrentHashMap<>();
  private final ConcurrentMap<Long, Cached<String>> facilityBySender = new ConcurrentHashMap<>();

  /** A value read from the database at {@code readAt} ({@link System#nanoTime()}). */
  private record Cached<T>(T value, long readAt) {
    static <T> Cached<T> now(T value) {
      return new Cached<>(value, System.nanoTime());
    }

    /**
     * The value of {@code key} while it is fresh, else null (read it again). Once it is stale, one
     * caller gets null and reads it again while the others go on with the value they had: every
     * message of a busy sender would otherwise go to the database at once, every {@link
     * #CACHE_TTL}.
     */
    static <K, T> T fresh(ConcurrentMap<K, Cached<T>> map, K key) {
      Cached<T> c = map.get(key);
      if (c == null) {
        return null;
      }
      long now = System.nanoTime();
      if (now - c.readAt < CACHE_TTL.toNanos()) {
        return c.value;
      }
      return map.replace(key, c, new Cached<>(c.value, now)) ? null : c.value;
    }
  }

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
  public Optional<Long> resolve(String sentFacilityId) throws SQLException {
    if (sentFacilityId == null
        || sentFacilityId.isBlank()
        || !StorableText.fitsKey(sentFacilityId)) {
      return Optional.empty(); // too long to be a facility id (and to index)
    }
    // As the submission stores it: a NUL the sender put in MSH-4 must not make it unregistrable.
    String facilityId = StorableText.of(sentFacilityId);
    Long cached = Cached.fresh(known, facilityId);
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
      if (found.isPresent()) {
        known.put(facilityId, Cached.now(found.get()));
      } else {
        known.remove(facilityId); // revoked since it was read
      }
      return found;
    }
  }

  /**
   * The enabled sender whose client certificate has this subject (RFC 2253), for MLLP over mTLS.
   * Blocking.
   */
  public Optional<Long> byCertificate(String subjectDn) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT id FROM sender WHERE cert_subject = ? AND enabled")) {
      ps.setString(1, normalizeSubject(subjectDn));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  /**
   * The registered facility id of the enabled sender {@code senderId}: the sending facility of a
   * message it sends naming none (an immunization message without MSH-4, which the IZ guide allows;
   * a FHIR Bundle without a sending Organization). Cached; blocking on a miss.
   */
  public Optional<String> facilityOf(long senderId) throws SQLException {
    String cached = Cached.fresh(facilityBySender, senderId);
    if (cached != null) {
      return Optional.of(cached);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT facility_id FROM sender WHERE id = ? AND enabled")) {
      ps.setLong(1, senderId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          facilityBySender.remove(senderId);
          return Optional.empty();
        }
        String facilityId = rs.getString(1);
        facilityBySender.put(senderId, Cached.now(facilityId));
        return Optional.of(facilityId);
      }
    }
  }

  /**
   * The message kinds a sender may submit ({@code ORU^R01}, {@code fhir-lab}, …); empty means any.
   * Cached; blocking on a miss.
   */
  public Set<String> allowedKinds(long senderId) throws SQLException {
    Set<String> cached = Cached.fresh(kindsBySender, senderId);
    if (cached != null) {
      return cached;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT allowed_kinds FROM sender WHERE id = ?")) {
      ps.setLong(1, senderId);
      try (ResultSet rs = ps.executeQuery()) {
        Set<String> found = rs.next() ? Set.of((String[]) rs.getArray(1).getArray()) : Set.of();
        kindsBySender.put(senderId, Cached.now(found));
        return found;
      }
    }
  }

  /** A certificate subject in the form certificates are matched in (RFC 2253). */
  public static String normalizeSubject(String dn) {
    return new javax.security.auth.x500.X500Principal(dn)
        .getName(javax.security.auth.x500.X500Principal.RFC2253);
  }

  /**
   * Registers a sender, or changes a registered one, and (re-)enables it; returns it as stored.
   * Only what {@code change} gives is changed: running {@code vigil sender add} again to add an
   * alias once wiped the lab's certificate subject and kinds, and its MLLP feed was refused (ops6
   * #3).
   */
  public Sender register(String facilityId, Registration change) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      Optional<Sender> before = read(c, facilityId, true);
      SenderConflicts.refuse(c, facilityId, change);
      long id;
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO sender (facility_id, allowed_kinds, cert_subject)"
                  + " VALUES (?, coalesce(?, '{}'::text[]), ?)"
                  + " ON CONFLICT (facility_id) DO UPDATE SET enabled = true,"
                  + " allowed_kinds = coalesce(?, sender.allowed_kinds),"
                  + " cert_subject = CASE WHEN ? THEN NULL"
                  + " ELSE coalesce(EXCLUDED.cert_subject, sender.cert_subject) END"
                  + " RETURNING id")) {
        java.sql.Array kinds =
            change.kinds() == null ? null : c.createArrayOf("text", change.kinds().toArray());
        ps.setString(1, facilityId);
        ps.setArray(2, kinds);
        ps.setString(
            3, change.certSubject() == null ? null : normalizeSubject(change.certSubject()));
        ps.setArray(4, kinds);
        ps.setBoolean(5, change.clearCertSubject());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO sender_facility (facility_id, sender_id) VALUES (?, ?)"
                  + " ON CONFLICT (facility_id) DO UPDATE SET sender_id = EXCLUDED.sender_id")) {
        for (String alias : change.aliases()) {
          if (alias.equals(facilityId)) {
            continue; // its own id
          }
          ps.setString(1, alias);
          ps.setLong(2, id);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      Sender after = read(c, facilityId, false).orElseThrow();
      c.commit();
      known.clear();
      kindsBySender.remove(id);
      facilityBySender.remove(id);
      LOG.info(
          "sender registered [facility: {}, id: {}, new: {}, reenabled: {}, aliases: {}, kinds: {},"
              + " mtls: {}]",
          LoggableText.of(facilityId),
          id,
          before.isEmpty(),
          before.isPresent() && !before.get().enabled(),
          after.aliases().size(),
          after.kinds(),
          after.certSubject() != null);
      return after;
    }
  }

  /**
   * Registers or changes a sender: adds further facility ids, sets its allowed message kinds
   * (empty: any) and MLLP client certificate subject; null keeps what is stored (a new sender: any
   * kind, no certificate). Returns its id.
   */
  public long register(
      String facilityId, List<String> aliases, List<String> kinds, String certSubject)
      throws SQLException {
    return register(facilityId, new Registration(aliases, kinds, certSubject, false)).id();
  }

  /**
   * What registering a sender sets: further facility ids to add; its allowed message kinds (empty:
   * any; null keeps what is stored, a new sender may send any); the subject of its MLLP client
   * certificate (null keeps what is stored, a new sender has none), or {@code clearCertSubject} to
   * remove it; {@code moveFacilities}: an alias another sender has moves to this one (else
   * refused).
   */
  public record Registration(
      List<String> aliases,
      List<String> kinds,
      String certSubject,
      boolean clearCertSubject,
      boolean moveFacilities) {
    /** A registration that moves no alias from another sender. */
    public Registration(
        List<String> aliases, List<String> kinds, String certSubject, boolean clearCertSubject) {
      this(aliases, kinds, certSubject, clearCertSubject, false);
    }

    public Registration {
      aliases = List.copyOf(aliases);
      kinds = kinds == null ? null : List.copyOf(kinds);
      if (clearCertSubject && certSubject != null) {
        throw new IllegalArgumentException("a certificate subject to set and to clear");
      }
    }
  }

  /** The sender id registered for a facility id (its own or an alias), enabled or not. */
  public Optional<Long> idOf(String facilityId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id FROM sender WHERE facility_id = ? UNION"
                    + " SELECT sender_id FROM sender_facility WHERE facility_id = ?")) {
      ps.setString(1, facilityId);
      ps.setString(2, facilityId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  /** Registers (or re-enables) a sender explicitly; used by administration and tests. */
  public long register(String facilityId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      long id = insert(c, facilityId, "DO UPDATE SET enabled = true").orElseThrow();
      known.put(facilityId, Cached.now(id));
      return id;
    }
  }

  /**
   * A registered sender, for administration: its primary and further facility ids, the message
   * kinds it may send (empty: any), the subject of its MLLP client certificate (null: none).
   */
  public record Sender(
      long id,
      String facilityId,
      List<String> aliases,
      List<String> kinds,
      String certSubject,
      boolean enabled,
      boolean autoRegistered) {
    public Sender {
      aliases = List.copyOf(aliases);
      kinds = List.copyOf(kinds);
    }
  }

  /** All registered senders, by facility id. */
  public List<Sender> list() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(SELECT_SENDER + " ORDER BY s.facility_id");
        ResultSet rs = ps.executeQuery()) {
      List<Sender> senders = new ArrayList<>();
      while (rs.next()) {
        senders.add(sender(rs));
      }
      return senders;
    }
  }

  /** The sender registered with this primary facility id, enabled or not. */
  public Optional<Sender> get(String facilityId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return read(c, facilityId, false);
    }
  }

  private static final String SELECT_SENDER =
      "SELECT s.id, s.facility_id, s.enabled, s.auto_registered, s.allowed_kinds, s.cert_subject,"
          + " coalesce((SELECT array_agg(f.facility_id ORDER BY f.facility_id)"
          + " FROM sender_facility f WHERE f.sender_id = s.id), '{}'::text[])"
          + " FROM sender s";

  private static Optional<Sender> read(Connection c, String facilityId, boolean forUpdate)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            SELECT_SENDER + " WHERE s.facility_id = ?" + (forUpdate ? " FOR UPDATE OF s" : ""))) {
      ps.setString(1, facilityId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(sender(rs)) : Optional.empty();
      }
    }
  }

  private static Sender sender(ResultSet rs) throws SQLException {
    return new Sender(
        rs.getLong(1),
        rs.getString(2),
        List.of((String[]) rs.getArray(7).getArray()),
        List.of((String[]) rs.getArray(5).getArray()),
        rs.getString(6),
        rs.getBoolean(3),
        rs.getBoolean(4));
  }

  /**
   * Whether {@code senderId} is registered and disabled ({@code vigil sender revoke}): what its
   * still-valid credentials are told. Not cached: only a refused message asks. Blocking.
   */
  public boolean isDisabled(long senderId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT 1 FROM sender WHERE id = ? AND NOT enabled")) {
      ps.setLong(1, senderId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * The disabled sender whose client certificate has this subject (RFC 2253): a certificate still
   * trusted by the CA, of a sender the operators revoked. Blocking.
   */
  public Optional<Long> disabledByCertificate(String subjectDn) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT id FROM sender WHERE cert_subject = ? AND NOT enabled")) {
      ps.setString(1, normalizeSubject(subjectDn));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  /** Disables a sender: its messages are refused from now on. False when it is not registered. */
  public boolean disable(String facilityId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE sender SET enabled = false WHERE facility_id = ?")) {
      ps.setString(1, facilityId);
      known.remove(facilityId);
      facilityBySender.values().removeIf(f -> f.value().equals(facilityId));
      boolean changed = ps.executeUpdate() > 0;
      if (changed) {
        LOG.info("sender disabled [facility: {}]", LoggableText.of(facilityId));
      }
      return changed;
    }
  }

  private static Optional<Long> find(Connection c, String facilityId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM sender WHERE enabled AND (facility_id = ? OR id IN"
                + " (SELECT sender_id FROM sender_facility WHERE facility_id = ?))")) {
      ps.setString(1, facilityId);
      ps.setString(2, facilityId);
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
            LoggableText.of(facilityId),
            id,
            autoRegister);
        return Optional.of(id);
      }
    }
  }
}
