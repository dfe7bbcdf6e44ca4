package io.vigil.ingest.auth;

import java.time.Instant;
import java.util.Optional;

/** What the token endpoint needs from the principal registry. Blocking: call off the event loop. */
public interface Principals {
  /** The principal with this client id, revoked or not. */
  Optional<Principal> find(String clientId) throws Exception;

  /**
   * Records a client assertion id; false when it was already used by this client (a replay).
   *
   * @param expiresAt when the assertion expires; the record can be forgotten after that
   */
  boolean useJti(String clientId, String jti, Instant expiresAt) throws Exception;
}
