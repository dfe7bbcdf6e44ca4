package io.vigil.ingest.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API principals and used assertion ids, in the system of record. {@link #current} answers from a
 * short cache so every request can check that its token's principal is still active without a query
 * each time; revocation takes effect within {@link #CACHE_TTL}.
 */
public final class PrincipalStore implements Principals {
  private static final Logger LOG = LoggerFactory.getLogger(PrincipalStore.class);

  /** How long a principal's state is trusted before it is read again. */
  public static final Duration CACHE_TTL = Duration.ofSeconds(2);

  private static final String COLUMNS =
      "client_id, name, role, sender_id, public_key_pem, revoked_at";

  private final DataSource dataSource;
  private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();
  private final AtomicLong jtiInserts = new AtomicLong();

  private record Cached(Optional<Principal> principal, long loadedNanos) {}

  public PrincipalStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Adds a principal, or replaces the one with its client id (re-activating it). */
  public void save(Principal p) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO principal (client_id, name, role, sender_id, public_key_pem)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (client_id) DO UPDATE SET"
                    + " name = EXCLUDED.name, role = EXCLUDED.role, sender_id = EXCLUDED.sender_id,"
                    + " public_key_pem = EXCLUDED.public_key_pem, revoked_at = NULL")) {
      ps.setString(1, p.clientId());
      ps.setString(2, p.name());
      ps.setString(3, p.role().wireName());
      if (p.senderId() == null) {
        ps.setNull(4, Types.BIGINT);
      } else {
        ps.setLong(4, p.senderId());
      }
      ps.setString(5, p.publicKeyPem());
      ps.executeUpdate();
    }
    cache.remove(p.clientId());
    LOG.info("principal saved [clientId: {}, role: {}]", p.clientId(), p.role().wireName());
  }

  @Override
  public Optional<Principal> find(String clientId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM principal WHERE client_id = ?")) {
      ps.setString(1, clientId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  /** The principal as of at most {@link #CACHE_TTL} ago. Blocking on a cache miss. */
  public Optional<Principal> current(String clientId) throws SQLException {
    Cached cached = fresh(clientId);
    if (cached != null) {
      return cached.principal;
    }
    long now = System.nanoTime();
    Optional<Principal> found = find(clientId);
    cache.put(clientId, new Cached(found, now));
    return found;
  }

  /**
   * Whether the cache already knows, as of at most {@link #CACHE_TTL} ago, that this principal is
   * revoked or unknown. Never blocks: a miss or a stale entry is "not known", and the full check
   * ({@link #current}) decides.
   */
  public boolean knownInactive(String clientId) {
    Cached cached = fresh(clientId);
    return cached != null && cached.principal.filter(Principal::active).isEmpty();
  }

  /** The cached state of this principal if it was loaded less than {@link #CACHE_TTL} ago. */
  private Cached fresh(String clientId) {
    Cached cached = cache.get(clientId);
    return cached != null && System.nanoTime() - cached.loadedNanos < CACHE_TTL.toNanos()
        ? cached
        : null;
  }

  public List<Principal> list() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM principal ORDER BY client_id");
        ResultSet rs = ps.executeQuery()) {
      List<Principal> all = new ArrayList<>();
      while (rs.next()) {
        all.add(read(rs));
      }
      return all;
    }
  }

  /** Revokes a principal: its tokens are refused from now on. False when unknown or revoked. */
  public boolean revoke(String clientId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE principal SET revoked_at = now() WHERE client_id = ? AND revoked_at IS NULL")) {
      ps.setString(1, clientId);
      boolean changed = ps.executeUpdate() > 0;
      cache.remove(clientId);
      if (changed) {
        LOG.info("principal revoked [clientId: {}]", clientId);
      }
      return changed;
    }
  }

  @Override
  public boolean useJti(String clientId, String jti, Instant expiresAt) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      if (jtiInserts.incrementAndGet() % 256 == 0) {
        try (PreparedStatement purge =
            c.prepareStatement("DELETE FROM used_jti WHERE expires_at < now()")) {
          purge.executeUpdate();
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO used_jti (client_id, jti, expires_at) VALUES (?, ?, ?)"
                  + " ON CONFLICT DO NOTHING")) {
        ps.setString(1, clientId);
        ps.setString(2, jti);
        ps.setTimestamp(3, Timestamp.from(expiresAt));
        return ps.executeUpdate() == 1;
      }
    }
  }

  private static Principal read(ResultSet rs) throws SQLException {
    long senderId = rs.getLong(4);
    Long sender = rs.wasNull() ? null : senderId;
    Timestamp revoked = rs.getTimestamp(6);
    return new Principal(
        rs.getString(1),
        rs.getString(2),
        Role.parse(rs.getString(3)).orElseThrow(),
        sender,
        rs.getString(5),
        revoked == null ? null : revoked.toInstant());
  }
}
