package io.vigil.ingest.auth;

import java.time.Instant;

/**
 * A registered API principal.
 *
 * @param clientId the OAuth2 client id: {@code iss} and {@code sub} of its client assertions, and
 *     {@code sub} of the access tokens issued to it
 * @param name a human label
 * @param role what it may do
 * @param senderId for role {@code sender}: the sender it submits as; null means any sender, which
 *     only dev mode honours
 * @param publicKeyPem its registered public key (SPKI PEM) for {@code private_key_jwt}; null when
 *     it cannot use the token endpoint (dev principals get tokens minted at start-up)
 * @param revokedAt when it was revoked; null while active
 */
public record Principal(
    String clientId,
    String name,
    Role role,
    Long senderId,
    String publicKeyPem,
    Instant revokedAt) {

  public boolean active() {
    return revokedAt == null;
  }
}
