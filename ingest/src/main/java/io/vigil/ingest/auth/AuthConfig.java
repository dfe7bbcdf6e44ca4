package io.vigil.ingest.auth;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Identity settings.
 *
 * @param tokenSigningKey PEM file with the RSA (≥ 2048) PKCS#8 private key and its public key that
 *     sign access tokens (RS256); required in production; dev mode generates {@code
 *     token-signer.pem} in the data directory
 * @param issuer {@code iss} of access tokens; default {@code vigil}
 * @param audience {@code aud} of access tokens; default {@code vigil-api}
 * @param tokenUrl the token endpoint's public URL, which client assertions must name as {@code
 *     aud}; default {@code http(s)://<http.host>:<bound port>/api/v1/token} (set it behind a
 *     balancer)
 * @param accessTokenTtl lifetime of issued access tokens; default 5 minutes
 * @param devTokenTtl lifetime of the dev-mode tokens in {@code dev-credentials.json}; default 24 h
 */
public record AuthConfig(
    Path tokenSigningKey,
    String issuer,
    String audience,
    String tokenUrl,
    Duration accessTokenTtl,
    Duration devTokenTtl) {

  public static AuthConfig defaults() {
    return new AuthConfig(
        null, "vigil", "vigil-api", null, Duration.ofMinutes(5), Duration.ofHours(24));
  }

  public AuthConfig withTokenSigningKey(Path key) {
    return new AuthConfig(key, issuer, audience, tokenUrl, accessTokenTtl, devTokenTtl);
  }
}
