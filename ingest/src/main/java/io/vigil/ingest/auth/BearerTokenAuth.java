package io.vigil.ingest.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer-token check in front of every protected API route: the registered claims' types first
 * ({@link JwtClaims}; {@code iss}, {@code sub}, {@code aud} and {@code exp} required), then
 * vertx-auth-jwt's verification (signature, {@code iss}, {@code aud}, {@code exp}). Every refusal
 * is an {@link AuthException} ({@code 401 invalid_token}) that says why; nothing throws.
 */
final class BearerTokenAuth implements JWTAuth {
  private static final Logger LOG = LoggerFactory.getLogger(BearerTokenAuth.class);
  private static final Set<String> REQUIRED = Set.of("iss", "sub", "aud", "exp");
  static final String UNREADABLE = "The bearer token could not be read";

  private final JWTAuth jwt;

  BearerTokenAuth(JWTAuth jwt) {
    this.jwt = jwt;
  }

  @Override
  public Future<User> authenticate(Credentials credentials) {
    if (!(credentials instanceof TokenCredentials t) || t.getToken() == null) {
      return Future.failedFuture(invalid("no token"));
    }
    Optional<String> problem;
    try {
      problem = JwtClaims.problem(JwtClaims.unverifiedPayload(t.getToken()), REQUIRED);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(invalid(e.getMessage()));
    }
    if (problem.isPresent()) {
      return Future.failedFuture(invalid(problem.get()));
    }
    try {
      return jwt.authenticate(credentials)
          .recover(
              e ->
                  Future.failedFuture(
                      e instanceof AuthException
                          ? e
                          : invalid("signature, issuer, audience or expiry refused")));
    } catch (RuntimeException e) {
      // The claim checks above exist so this does not happen; if it does, still a 401, not a 500.
      LOG.warn("bearer token verification failed [exception: {}]", e.getClass().getName());
      return Future.failedFuture(new AuthException(401, "invalid_token", UNREADABLE));
    }
  }

  @Override
  public String generateToken(JsonObject claims, JWTOptions options) {
    return jwt.generateToken(claims, options);
  }

  @Override
  public String generateToken(JsonObject claims) {
    return jwt.generateToken(claims);
  }

  static AuthException invalid(String why) {
    return new AuthException(401, "invalid_token", "The bearer token is not valid: " + why);
  }
}
