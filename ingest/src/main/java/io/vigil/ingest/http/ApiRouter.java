package io.vigil.ingest.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vigil.ingest.auth.HubAuth;
import io.vigil.ingest.auth.Role;
import io.vigil.ingest.auth.RoleGuard;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Builds the HTTP router from the OpenAPI document ({@value #CONTRACT}) with Vert.x's
 * RouterBuilder, so routes and their protection cannot drift from the published contract.
 *
 * <p>Per operation: the bearer token (signature, issuer, audience, expiry) is checked by
 * vertx-web's {@link JWTAuthHandler} when the operation is not public; query and path parameters
 * are validated against the document (GET); then {@link RoleGuard} enforces {@code x-vigil-roles}
 * and the principal's current state; then the handler bound to the operationId runs. Request bodies
 * (HL7 v2 text, FHIR, forms) are read after authentication and checked by their handlers, not by
 * the schema validator (ADR 0006). An operation with no handler answers 501 {@code NOT_IMPLEMENTED}
 * after the same checks.
 *
 * <p>{@link #create} parses the document once and reads every operation's roles once; the router
 * and {@link #operationsByRole()} (the principal endpoint's answer) both come from that pass.
 */
public final class ApiRouter {
  private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);

  /** The document's classpath location. */
  public static final String CONTRACT = "openapi/vigil-api.yaml";

  /**
   * Suffix of a handlers-map key that binds an operation's failure handler: {@code
   * "fhirSubmitBundle#failure"}.
   */
  public static final String FAILURE_SUFFIX = "#failure";

  /** The extension listing the roles that may call an operation; absent on public ones. */
  public static final String ROLES_EXTENSION = "x-vigil-roles";

  private final Vertx vertx;
  private final OpenAPIContract contract;
  private final Map<String, Set<Role>> rolesByOperation;

  private ApiRouter(Vertx vertx, OpenAPIContract contract) {
    this.vertx = vertx;
    this.contract = contract;
    Map<String, Set<Role>> roles = new LinkedHashMap<>();
    for (Operation op : contract.operations()) {
      roles.put(op.getOperationId(), roles(op));
    }
    this.rolesByOperation = roles;
  }

  /**
   * Parses the published document and reads each operation's {@code x-vigil-roles}; fails if the
   * document is missing or an operation's roles are inconsistent.
   */
  public static Future<ApiRouter> create(Vertx vertx) {
    JsonObject document;
    try {
      document = routingView(load());
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    return OpenAPIContract.from(vertx, document).map(contract -> new ApiRouter(vertx, contract));
  }

  /**
   * Role → the operationIds whose {@code x-vigil-roles} list it, sorted; every role is a key (with
   * an empty list if it may call nothing). Public operations are in no list.
   */
  public Map<Role, List<String>> operationsByRole() {
    Map<Role, TreeSet<String>> found = new EnumMap<>(Role.class);
    for (Role r : Role.values()) {
      found.put(r, new TreeSet<>());
    }
    rolesByOperation.forEach((id, roles) -> roles.forEach(r -> found.get(r).add(id)));
    Map<Role, List<String>> result = new EnumMap<>(Role.class);
    found.forEach((r, ops) -> result.put(r, List.copyOf(ops)));
    return result;
  }

  /** The published document, parsed. */
  public static JsonObject load() throws IOException {
    try (InputStream in = ApiRouter.class.getClassLoader().getResourceAsStream(CONTRACT)) {
      if (in == null) {
        throw new IOException("missing classpath resource " + CONTRACT);
      }
      Map<String, Object> yaml = new Yaml().load(in);
      return new JsonObject(yaml);
    }
  }

  /**
   * The document as Vert.x's contract parser accepts it: it knows only JSON, multipart,
   * octet-stream and plain-text bodies and refuses the rest (HL7 v2 ER7, forms, YAML). Those bodies
   * are not schema-validated here anyway (their handlers check them), so for routing their media
   * types are replaced by {@code application/octet-stream}; paths, operations, parameters and
   * security are untouched. ADR 0006.
   */
  static JsonObject routingView(JsonObject document) {
    JsonObject copy = document.copy();
    JsonObject paths = copy.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op)) {
          continue;
        }
        JsonObject body = op.getJsonObject("requestBody");
        if (body != null && body.getJsonObject("content") != null) {
          JsonObject content = supportedOnly(body.getJsonObject("content"));
          body.put("content", content.isEmpty() ? octetStream() : content);
        }
        JsonObject responses = op.getJsonObject("responses", new JsonObject());
        for (String code : responses.fieldNames()) {
          JsonObject response = responses.getJsonObject(code);
          if (response.getJsonObject("content") != null) {
            JsonObject content = supportedOnly(response.getJsonObject("content"));
            if (content.isEmpty()) {
              response.remove("content");
            } else {
              response.put("content", content);
            }
          }
        }
      }
    }
    return copy;
  }

  private static JsonObject supportedOnly(JsonObject content) {
    JsonObject kept = new JsonObject();
    content.forEach(
        e -> {
          if (MediaType.isMediaTypeSupported(e.getKey())) {
            kept.put(e.getKey(), e.getValue());
          }
        });
    return kept;
  }

  private static JsonObject octetStream() {
    return new JsonObject().put("application/octet-stream", new JsonObject());
  }

  /**
   * The router of the document's operations.
   *
   * @param handlers operationId → handler; operations without one answer 501
   * @param maxBodyBytes request body cap (413 above it)
   * @param bodies what large request bodies may hold together ({@link BodyBudget})
   */
  public Router router(
      HubAuth auth,
      Map<String, Handler<RoutingContext>> handlers,
      int maxBodyBytes,
      BodyBudget bodies) {
    RouterBuilder builder = RouterBuilder.create(vertx, contract);
    JWTAuthHandler bearer = JWTAuthHandler.create(auth.tokens().provider());
    // Vert.x runs root handlers (the body reader) before an operation's authentication: a body is
    // only read once its bearer token is known good.
    EarlyAuthentication early =
        new EarlyAuthentication(bearer, publicOperations(), auth.principals());
    builder.rootHandler(early);
    builder.rootHandler(early.revoked());
    builder.rootHandler(bodies.beforeRead());
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    builder.rootHandler(new ContentDecoder(maxBodyBytes));
    builder.rootHandler(bodies);
    builder.security("bearerAuth").httpHandler(bearer);
    for (Operation op : contract.operations()) {
      OpenAPIRoute route = builder.getRoute(op.getOperationId());
      Set<Role> roles = rolesByOperation.get(op.getOperationId());
      if (roles.isEmpty()) {
        route.setDoSecurity(false);
      } else {
        route.addHandler(new RoleGuard(auth.principals(), roles, op.getOperationId()));
      }
      if (op.getHttpMethod() != HttpMethod.GET) {
        // Bodies are HL7 v2 text, FHIR resources or forms: their handlers check them (ADR 0006).
        route.setDoValidation(false);
      }
      Handler<RoutingContext> handler = handlers.get(op.getOperationId());
      if (handler == null) {
        String id = op.getOperationId();
        LOG.info("operation not implemented in this build [operationId: {}]", id);
        handler =
            ctx ->
                ApiReplies.send(
                    ctx, 501, "NOT_IMPLEMENTED", "Operation " + id + " is not available");
      }
      route.addHandler(handler);
      // An operation may answer its own failures in its own format (FHIR: OperationOutcome).
      Handler<RoutingContext> failure = handlers.get(op.getOperationId() + FAILURE_SUFFIX);
      if (failure != null) {
        route.addFailureHandler(failure);
      }
    }
    Router router = builder.createRouter();
    router.route().failureHandler(ApiReplies::onFailure);
    router.route().last().handler(ctx -> ApiReplies.send(ctx, 404, "NOT_FOUND", "No such route"));
    return router;
  }

  /** The public operations as {@code METHOD path}. */
  private Set<String> publicOperations() {
    Set<String> open = new TreeSet<>();
    for (Operation op : contract.operations()) {
      if (rolesByOperation.get(op.getOperationId()).isEmpty()) {
        open.add(op.getHttpMethod().name() + " " + op.getOpenAPIPath());
      }
    }
    return open;
  }

  /** The roles of {@code x-vigil-roles}; empty for a public operation. */
  static Set<Role> roles(Operation op) {
    Object value = op.getExtensions().get(ROLES_EXTENSION);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (value instanceof JsonArray names) {
      for (Object name : names) {
        roles.add(
            Role.parse(String.valueOf(name))
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "unknown role '" + name + "' in " + op.getOperationId())));
      }
    }
    boolean isPublic = op.getSecurityRequirements().isEmpty();
    if (isPublic != roles.isEmpty()) {
      throw new IllegalArgumentException(
          "operation "
              + op.getOperationId()
              + ": public operations have `security: []` and no roles; others list roles");
    }
    return roles;
  }
}
