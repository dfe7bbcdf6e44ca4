package io.vigil.ingest.auth;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/token}: OAuth2 client credentials with a {@code private_key_jwt} client
 * assertion (SMART Backend Services). Answers {@code {access_token, token_type, expires_in,
 * scope}}, or an RFC 6749 §5.2 error ({@code {error, error_description}}).
 */
public final class TokenEndpoint {
  private static final Logger SECURITY = LoggerFactory.getLogger("io.vigil.security");
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private final ClientAssertionVerifier assertions;
  private final AccessTokens tokens;
  private final Duration ttl;
  private final Clock clock;

  public TokenEndpoint(
      ClientAssertionVerifier assertions, AccessTokens tokens, Duration ttl, Clock clock) {
    this.assertions = assertions;
    this.tokens = tokens;
    this.ttl = ttl;
    this.clock = clock;
  }

  public void handle(RoutingContext ctx) {
    var form = ctx.request().formAttributes();
    String grantType = form.get("grant_type");
    String assertionType = form.get("client_assertion_type");
    String assertion = form.get("client_assertion");
    String scope = form.get("scope");
    if (!"client_credentials".equals(grantType)) {
      error(ctx, 400, "unsupported_grant_type", "grant_type must be client_credentials");
      return;
    }
    if (!JWT_BEARER.equals(assertionType) || assertion == null || assertion.isBlank()) {
      error(
          ctx,
          400,
          "invalid_request",
          "client_assertion_type must be " + JWT_BEARER + " with a client_assertion");
      return;
    }
    assertions
        .verify(assertion)
        .onSuccess(
            p -> {
              if (!grantable(scope, p.role())) {
                error(ctx, 400, "invalid_scope", "requested scope exceeds the client's role");
                return;
              }
              String token = tokens.issue(p, ttl, clock.instant());
              SECURITY.info(
                  "access token issued [clientId: {}, role: {}, ttlSeconds: {}]",
                  p.clientId(),
                  p.role().wireName(),
                  ttl.toSeconds());
              ctx.response()
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Cache-Control", "no-store")
                  .end(
                      new JsonObject()
                          .put("access_token", token)
                          .put("token_type", "bearer")
                          .put("expires_in", ttl.toSeconds())
                          .put("scope", p.role().scope())
                          .encode());
            })
        .onFailure(
            e -> {
              AuthException a =
                  e instanceof AuthException ae
                      ? ae
                      : new AuthException(401, "invalid_client", "client_assertion refused");
              SECURITY.warn(
                  "client authentication refused [code: {}, reason: {}]", a.code(), a.getMessage());
              error(ctx, a.status(), a.code(), a.getMessage());
            });
  }

  /** A requested scope is granted when each of its scopes belongs to the role (empty: all). */
  static boolean grantable(String requested, Role role) {
    if (requested == null || requested.isBlank()) {
      return true;
    }
    Set<String> allowed = new HashSet<>(Arrays.asList(role.scope().split(" ")));
    return allowed.containsAll(Arrays.asList(requested.trim().split("\\s+")));
  }

  private static void error(RoutingContext ctx, int status, String code, String description) {
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_client\"");
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("error", code).put("error_description", description).encode());
  }
}
