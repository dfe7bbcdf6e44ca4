package io.vigil.ingest.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import io.vigil.ingest.auth.PrincipalStore;
import io.vigil.ingest.auth.RoleGuard;
import java.util.Set;

/**
 * Authenticates a request that carries a body before the body is read. The OpenAPI router runs its
 * root handlers (the body reader among them) before each operation's authentication, so a client
 * without a token could make the hub buffer {@code http.max-body-bytes} per request, on as many
 * connections as it opens, before being told 401. Here the bearer token is checked first: a request
 * without a valid one is answered 401 at once and its body is never buffered. The operation's own
 * authentication then finds the request authenticated and does not verify the token again.
 *
 * <p>Vert.x orders a route's handlers by kind and puts authentication after the body reader; as a
 * security policy (the kind that runs before bodies are read, like CORS) this one runs first.
 *
 * <p>Requests without a body (GET, HEAD, OPTIONS) and the public operations that take one (the
 * token endpoint's form) pass untouched, to be handled per operation as before. A valid token of a
 * principal known to be revoked is refused early too ({@link #revoked()}).
 */
final class EarlyAuthentication implements SecurityPolicyHandler {
  private static final Set<HttpMethod> WITHOUT_BODY =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final AuthenticationHandler authentication;
  private final Set<String> publicWithBody;
  private final PrincipalStore principals;

  /**
   * @param authentication the bearer-token handler the operations use
   * @param publicWithBody public operations as {@code METHOD path} (e.g. {@code POST
   *     /api/v1/token})
   * @param principals the registry whose cache says which principals are revoked
   */
  EarlyAuthentication(
      AuthenticationHandler authentication, Set<String> publicWithBody, PrincipalStore principals) {
    this.authentication = authentication;
    this.publicWithBody = Set.copyOf(publicWithBody);
    this.principals = principals;
  }

  /**
   * The handler to run after this one: refuses, before its body is read, a verified token whose
   * principal the registry's cache already knows to be revoked or unknown. It never waits for the
   * database: a principal not in the cache is left to the operation's {@code RoleGuard}, which
   * loads it once the body is read. So a revoked sender that keeps sending has at most one body
   * read per {@link PrincipalStore#CACHE_TTL}.
   */
  SecurityPolicyHandler revoked() {
    return ctx -> {
      String clientId = RoleGuard.clientIdOf(ctx);
      if (clientId != null && principals.knownInactive(clientId)) {
        RoleGuard.refuseRevoked(ctx, clientId, ctx.request().method() + " " + ctx.normalizedPath());
      } else {
        ctx.next();
      }
    };
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if (WITHOUT_BODY.contains(method)
        || publicWithBody.contains(method.name() + " " + ctx.normalizedPath())) {
      ctx.next();
      return;
    }
    authentication.handle(ctx);
  }
}
