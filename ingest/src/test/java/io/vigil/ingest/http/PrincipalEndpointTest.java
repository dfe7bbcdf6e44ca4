package io.vigil.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.auth.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrincipalEndpointTest {
  @Test
  void eachRoleGetsTheOperationsTheDocumentListsItFor() throws Exception {
    Map<Role, List<String>> ops = PrincipalEndpoint.operationsByRole(ApiRouter.load());
    assertThat(ops.get(Role.ANALYST))
        .contains("getTrends", "getSignals", "getPrincipal")
        .doesNotContain("submitHl7v2", "findSubmissions", "issueToken");
    assertThat(ops.get(Role.SENDER))
        .contains("submitHl7v2", "findSubmissions", "getTimeliness")
        .doesNotContain("getTrends");
    assertThat(ops.get(Role.AUDITOR)).contains("findSubmissions", "getReceipt", "getTimeliness");
    // Public operations belong to no role's list: they need no token.
    ops.values().forEach(list -> assertThat(list).doesNotContain("getMetrics", "getLogKey"));
  }
}
