package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.ingest.auth.AccessTokens;
import io.vigil.ingest.auth.Principal;
import io.vigil.ingest.auth.PrincipalStore;
import io.vigil.ingest.auth.Role;
import io.vigil.ingest.auth.TokenSigningKey;
import io.vigil.ingest.http.ApiRouter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation of the OpenAPI document × every role × {no token, malformed, expired, wrong
 * audience, revoked principal} against a running hub. Derived from the document the router is built
 * from, so an endpoint cannot be added without being covered: protected operations answer 401 to
 * each bad credential, 403 to a role outside {@code x-vigil-roles}, and neither to a listed role
 * (501 "not implemented yet" counts as authorized); public operations never answer 401/403.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AuthorizationMatrixIT {
  @TempDir static Path dir;
  static HubFixture fixture;
  static String base;
  static final Map<String, String> credentials = new LinkedHashMap<>();
  static final Map<String, String> badCredentials = new LinkedHashMap<>();
  static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    fixture = new HubFixture(dir);
    base = "http://127.0.0.1:" + fixture.hub.httpPort();
    for (Role role : Role.values()) {
      credentials.put(role.wireName(), fixture.bearer(role.wireName()));
    }
    vertx = Vertx.vertx();
    // Tokens signed with the hub's real key, so only the property under test is wrong.
    AccessTokens minter =
        new AccessTokens(
            vertx, TokenSigningKey.read(dir.resolve("token-signer.pem")), "vigil", "vigil-api");
    PrincipalStore principals = AuthTestSupport.principals(fixture.hub.jdbcUrl());
    Principal admin = principals.find("dev-admin").orElseThrow();
    Principal revoked = new Principal("revoked-admin", "revoked", Role.ADMIN, null, null, null);
    principals.save(revoked);
    badCredentials.put("none", null);
    badCredentials.put("malformed", "Bearer not.a.jwt");
    badCredentials.put(
        "expired",
        "Bearer " + minter.issue(admin, Duration.ofMinutes(5), Instant.now().minusSeconds(3600)));
    badCredentials.put(
        "wrong audience",
        "Bearer " + minter.issue(admin, Duration.ofMinutes(5), Instant.now(), "another-api"));
    badCredentials.put(
        "revoked", "Bearer " + minter.issue(revoked, Duration.ofMinutes(5), Instant.now()));
    principals.revoke("revoked-admin");
    // Revoked principals are refused for every role they could have had.
    for (Role role : Role.values()) {
      Principal p = new Principal("revoked-" + role.wireName(), "revoked", role, null, null, null);
      if (role != Role.ADMIN) {
        principals.save(p);
        badCredentials.put(
            "revoked " + role.wireName(),
            "Bearer " + minter.issue(p, Duration.ofMinutes(5), Instant.now()));
        principals.revoke(p.clientId());
      }
    }
  }

  @AfterAll
  static void stop() {
    fixture.close();
    vertx.close();
  }

  record Op(String id, String method, String path, Set<String> roles, JsonObject spec) {}

  static List<Op> operations() throws Exception {
    JsonObject doc = ApiRouter.load();
    List<Op> ops = new ArrayList<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject op = item.getJsonObject(method);
        Set<String> roles = new TreeSet<>();
        JsonArray listed = op.getJsonArray("x-vigil-roles");
        if (listed != null) {
          listed.forEach(r -> roles.add((String) r));
        }
        boolean isPublic = op.containsKey("security") && op.getJsonArray("security").isEmpty();
        assertThat(isPublic)
            .as("%s: public ⇔ no x-vigil-roles", op.getString("operationId"))
            .isEqualTo(roles.isEmpty());
        ops.add(new Op(op.getString("operationId"), method.toUpperCase(), path, roles, op));
      }
    }
    return ops;
  }

  /** A request the operation's own checks would accept as far as parameters go. */
  static String url(Op op, JsonObject doc) {
    String path = op.path().replace("{id}", "0190a5c8-0000-7000-8000-000000000000");
    StringBuilder query = new StringBuilder();
    JsonArray params = op.spec().getJsonArray("parameters", new JsonArray());
    for (Object p : params) {
      JsonObject param = (JsonObject) p;
      if (param.containsKey("$ref")) {
        continue; // path parameter, filled above
      }
      if (param.getBoolean("required", false) && "query".equals(param.getString("in"))) {
        query.append(query.length() == 0 ? "?" : "&");
        query.append(param.getString("name")).append('=').append(param.getValue("example", "1"));
      }
    }
    return base + path + query;
  }

  static int call(Op op, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(op, null)));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (op.method().equals("GET")) {
      b.GET();
    } else {
      b.method(op.method(), HttpRequest.BodyPublishers.noBody());
    }
    return AuthTestSupport.HTTP
        .send(b.build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void everyOperationAnswersEveryCredentialAsTheDocumentSays() throws Exception {
    List<Op> ops = operations();
    assertThat(ops).extracting(Op::id).contains("submitHl7v2", "issueToken", "getTrends");
    List<String> wrong = new ArrayList<>();
    int cells = 0;
    for (Op op : ops) {
      for (Map.Entry<String, String> bad : badCredentials.entrySet()) {
        int status = call(op, bad.getValue());
        cells++;
        boolean ok = op.roles().isEmpty() ? status != 401 && status != 403 : status == 401;
        if (!ok) {
          wrong.add(op.id() + " with " + bad.getKey() + " token → " + status);
        }
      }
      for (Map.Entry<String, String> role : credentials.entrySet()) {
        int status = call(op, role.getValue());
        cells++;
        boolean allowed = op.roles().isEmpty() || op.roles().contains(role.getKey());
        boolean ok = allowed ? status != 401 && status != 403 : status == 403;
        if (!ok) {
          wrong.add(op.id() + " as " + role.getKey() + " → " + status);
        }
      }
    }
    assertThat(wrong).as("cells answering against the document (of %d)", cells).isEmpty();
  }

  /**
   * Once the hub knows a principal is revoked, a request with its still-valid token is refused
   * before its body is read: it is answered 401 with 1 KB of an announced 5 MB sent.
   */
  @Test
  void refusesAKnownRevokedPrincipalBeforeReadingTheBody() throws Exception {
    String revoked = badCredentials.get("revoked sender");
    Op submit =
        operations().stream().filter(op -> op.id().equals("submitHl7v2")).findFirst().orElseThrow();
    assertThat(call(submit, revoked)).isEqualTo(401); // the hub reads the principal's state
    assertThat(fixture.statusAfterPartialBody(revoked)).hasValue("HTTP/1.1 401");
    // An active sender's request still waits for the body it announced.
    assertThat(fixture.statusAfterPartialBody(credentials.get("sender"))).isEmpty();
  }

  @Test
  void theServedDocumentIsTheOneTheRouterIsBuiltFrom() throws Exception {
    HttpResponse<String> r =
        AuthTestSupport.HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/openapi.yaml")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("operationId: submitHl7v2").contains("x-vigil-roles");
  }
}
