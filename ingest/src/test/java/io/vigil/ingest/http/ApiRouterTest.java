package io.vigil.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.ingest.auth.Role;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiRouterTest {
  private static Vertx vertx;
  private static ApiRouter api;

  @BeforeAll
  static void parse() throws Exception {
    vertx = Vertx.vertx();
    api =
        ApiRouter.create(vertx).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void close() {
    vertx.close();
  }

  @Test
  void eachRoleGetsTheOperationsTheDocumentListsItFor() {
    Map<Role, List<String>> ops = api.operationsByRole();
    assertThat(ops).containsOnlyKeys(Role.values());
    assertThat(ops.get(Role.ANALYST))
        .contains("getTrends", "getSignals", "getPrincipal")
        .doesNotContain("submitHl7v2", "findSubmissions", "issueToken");
    assertThat(ops.get(Role.SENDER))
        .contains("submitHl7v2", "findSubmissions", "getTimeliness")
        .doesNotContain("getTrends");
    assertThat(ops.get(Role.AUDITOR)).contains("findSubmissions", "getReceipt", "getTimeliness");
    // Public operations belong to no role's list: they need no token.
    ops.values().forEach(list -> assertThat(list).doesNotContain("getMetrics", "getLogKey"));
    ops.values().forEach(list -> assertThat(list).isSorted());
  }

  @Test
  void rolesMatchTheRawDocumentsExtension() throws Exception {
    // The parsed contract must not lose or add a role against the YAML as written.
    assertThat(api.operationsByRole()).isEqualTo(fromRawDocument(ApiRouter.load()));
  }

  private static Map<Role, List<String>> fromRawDocument(JsonObject document) {
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
            found
                .get(Role.parse(String.valueOf(name)).orElseThrow())
                .add(op.getString("operationId"));
          }
        }
      }
    }
    Map<Role, List<String>> result = new EnumMap<>(Role.class);
    found.forEach((r, ops) -> result.put(r, List.copyOf(ops)));
    return result;
  }
}
