package io.vigil.ingest.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vigil.ingest.auth.AuthContext;
import io.vigil.ingest.auth.Principal;
import io.vigil.ingest.auth.Role;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/principal}: who the bearer token speaks for, as the registry has it (not as
 * the token claims), and the operations of the OpenAPI document its role may call. Clients such as
 * the web console decide what to show from this instead of decoding tokens or repeating the policy.
 */
final class PrincipalEndpoint {
  private final Map<Role, List<String>> operationsByRole;

  /**
   * @param document the OpenAPI document the router is built from
   */
  PrincipalEndpoint(JsonObject document) {
    this.operationsByRole = operationsByRole(document);
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

  /** Role → operationIds whose {@code x-vigil-roles} list it, sorted. */
  static Map<Role, List<String>> operationsByRole(JsonObject document) {
    Map<Role, TreeSet<String>> found = new EnumMap<>(Role.class);
    for (Role r : Role.values()) {
      found.put(r, new TreeSet<>());
    }
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject op
            && op.getValue(ApiRouter.ROLES_EXTENSION) instanceof JsonArray roles) {
          for (Object name : roles) {
            Role.parse(String.valueOf(name))
                .ifPresent(r -> found.get(r).add(op.getString("operationId")));
          }
        }
      }
    }
    Map<Role, List<String>> result = new EnumMap<>(Role.class);
    found.forEach((r, ops) -> result.put(r, List.copyOf(ops)));
    return result;
  }
}
