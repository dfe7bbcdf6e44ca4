package io.vigil.ingest.auth;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs after the bearer token's signature, issuer, audience and expiry were checked: refuses a
 * token whose principal is unknown or revoked (401; state cached for {@link
 * PrincipalStore#CACHE_TTL}), then one whose principal's role may not call the operation (403). The
 * principal's role is read from the registry, not trusted from the token.
 */
public final class RoleGuard implements Handler<RoutingContext> {
  private static final Logger SECURITY = LoggerFactory.getLogger("io.vigil.security");

  private final PrincipalStore principals;
  private final Set<Role> allowed;
  private final String operationId;

  public RoleGuard(PrincipalStore principals, Set<Role> allowed, String operationId) {
    this.principals = principals;
    this.allowed = Set.copyOf(allowed);
    this.operationId = operationId;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String clientId = clientIdOf(ctx);
    if (clientId == null) {
      refuse(ctx, 401, "UNAUTHORIZED", "A bearer access token is required");
      return;
    }
    ctx.vertx()
        .executeBlocking(() -> principals.current(clientId), false)
        .onFailure(
            e -> {
              ctx.response().putHeader("Retry-After", "5");
              refuse(ctx, 503, "STORE_UNAVAILABLE", "The system of record is not reachable");
            })
        .onSuccess(
            (Optional<Principal> found) -> {
              Principal p = found.orElse(null);
              if (p == null || !p.active()) {
                refuseRevoked(ctx, clientId, operationId);
                return;
              }
              if (!allowed.contains(p.role())) {
                SECURITY.warn(
                    "access denied [clientId: {}, role: {}, operation: {}]",
                    clientId,
                    p.role().wireName(),
                    operationId);
                refuse(ctx, 403, "FORBIDDEN", "This role may not call " + operationId);
                return;
              }
              ctx.put(AuthContext.KEY, p);
              ctx.next();
            });
  }

  /** The verified bearer token's subject (client id), or null when the request has none. */
  public static String clientIdOf(RoutingContext ctx) {
    User user = ctx.user();
    // vertx-auth-jwt keeps the verified claims under the "accessToken" attribute.
    JsonObject claims = user == null ? null : user.attributes().getJsonObject("accessToken");
    // BearerTokenAuth refused a non-string sub already; read it without a cast all the same.
    return claims != null && claims.getValue("sub") instanceof String s ? s : null;
  }

  /** Answers 401 {@code TOKEN_REVOKED} to a token whose principal is revoked or unknown. */
  public static void refuseRevoked(RoutingContext ctx, String clientId, String operation) {
    SECURITY.warn(
        "token of a revoked or unknown principal refused [clientId: {}, operation: {}]",
        clientId,
        operation);
    ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    refuse(ctx, 401, "TOKEN_REVOKED", "The token's principal is revoked or unknown");
  }

  private static void refuse(RoutingContext ctx, int status, String code, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }
}
