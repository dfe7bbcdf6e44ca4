package io.vigil.ingest.auth;

import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * The hub's identity parts, wired once: the principal registry, the access-token issuer and
 * verifier, and the token endpoint.
 */
public final class HubAuth {
  private final AuthConfig config;
  private final PrincipalStore principals;
  private final AccessTokens tokens;
  private final TokenEndpoint tokenEndpoint;
  private volatile String tokenUrl;

  public HubAuth(
      Vertx vertx, AuthConfig config, TokenSigningKey key, PrincipalStore principals, Clock clock) {
    this.config = config;
    this.principals = principals;
    this.tokenUrl = config.tokenUrl();
    this.tokens = new AccessTokens(vertx, key, config.issuer(), config.audience());
    ClientAssertionVerifier assertions =
        new ClientAssertionVerifier(vertx, principals, this::tokenUrl, clock);
    this.tokenEndpoint = new TokenEndpoint(assertions, tokens, config.accessTokenTtl(), clock);
  }

  /** Sets the token endpoint URL from the bound listener unless configured explicitly. */
  public void bindTokenUrl(String boundUrl) {
    if (config.tokenUrl() == null) {
      tokenUrl = boundUrl;
    }
  }

  /** The URL client assertions must carry as {@code aud}. */
  public String tokenUrl() {
    return tokenUrl;
  }

  public AuthConfig config() {
    return config;
  }

  public PrincipalStore principals() {
    return principals;
  }

  public AccessTokens tokens() {
    return tokens;
  }

  public TokenEndpoint tokenEndpoint() {
    return tokenEndpoint;
  }
}
