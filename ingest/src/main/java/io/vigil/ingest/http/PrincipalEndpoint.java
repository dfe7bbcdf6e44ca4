package io.vigil.ingest.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.ingest.auth.AuthContext;
import io.vigil.ingest.auth.Principal;
import io.vigil.ingest.auth.Role;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/principal}: who the bearer token speaks for, as the registry has it (not as
 * the token claims), and the operations of the OpenAPI document its role may call. Clients such as
 * the web console decide what to show from this instead of decoding tokens or repeating the policy.
 */
final class PrincipalEndpoint {
  private final Map<Role, List<String>> operationsByRole;

  /**
   * @param operationsByRole the router's {@link ApiRouter#operationsByRole()}
   */
  PrincipalEndpoint(Map<Role, List<String>> operationsByRole) {
    this.operationsByRole = operationsByRole;
  }

  void handle(RoutingContext ctx) {
    Principal p = AuthContext.of(ctx);
    ApiReplies.json(
        ctx,
        new JsonObject()
            .put("clientId", p.clientId())
            .put("name", p.name())
            .put("role", p.role().wireName())
            .put("ownSubmissionsOnly", AuthContext.ownSender(ctx).isPresent())
            .put("operations", new JsonArray(operationsByRole.get(p.role()))));
  }
}
