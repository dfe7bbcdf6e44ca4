package io.vigil.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana and Prometheus files on their own: valid JSON on one schema version, datasources that
 * exist in the provisioning, SQL only on the suppressed schema, and PromQL that promtool accepts.
 * {@code DashboardQueriesIT} runs the queries against a live hub and database.
 */
class DashboardFilesTest {
  final Path root = OpsFiles.root();

  @Test
  void dashboardsAreValidJsonOnOnePinnedSchemaVersionWithKnownDatasources() {
    List<Path> files = OpsFiles.dashboardFiles();
    assertThat(files.stream().map(f -> f.getFileName().toString()))
        .containsExactlyInAnyOrder(
            "vigil-surveillance-trends.json",
            "vigil-reporting-timeliness.json",
            "vigil-hub-operations.json",
            "vigil-provenance.json");
    Set<String> datasourceUids = provisionedDatasourceUids();
    assertThat(datasourceUids).containsExactlyInAnyOrder("vigil-prometheus", "vigil-postgres");
    Set<String> uids = new HashSet<>();
    for (Path file : files) {
      JsonObject d = OpsFiles.dashboard(file);
      assertThat(d.getInteger("schemaVersion"))
          .as(file.toString())
          .isEqualTo(OpsFiles.GRAFANA_SCHEMA_VERSION);
      assertThat(uids.add(d.getString("uid"))).as("unique uid %s", d.getString("uid")).isTrue();
      assertThat(d.getString("uid") + ".json").isEqualTo(file.getFileName().toString());
      Set<Integer> ids = new HashSet<>();
      for (Object p : d.getJsonArray("panels")) {
        JsonObject panel = (JsonObject) p;
        assertThat(ids.add(panel.getInteger("id"))).isTrue();
        assertThat(datasourceUids).contains(panel.getJsonObject("datasource").getString("uid"));
        assertThat(panel.getJsonArray("targets")).isNotEmpty();
      }
    }
  }

  @Test
  void sqlReadsOnlyTheSuppressedDashboardSchema() {
    Pattern relation = Pattern.compile("(?i)\\b(?:from|join)\\s+([A-Za-z_.\"]+)");
    List<OpsFiles.Query> queries = OpsFiles.sqlQueries();
    assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
    for (OpsFiles.Query q : queries) {
      Matcher m = relation.matcher(q.text());
      assertThat(m.find()).as("%s reads a relation", q).isTrue();
      do {
        assertThat(m.group(1)).as("%s", q).startsWith("dashboard.");
      } while (m.find());
      assertThat(q.text())
          .as("%s must not write", q)
          .doesNotContainPattern("(?i)\\b(insert|update|delete|drop|alter|grant)\\b");
    }
    // The datasource logs in as the read-only role's member, never as the hub's owner.
    String datasources =
        OpsFiles.read(root.resolve("dashboards/grafana/provisioning/datasources/vigil.yaml"));
    assertThat(datasources).contains("user: vigil_grafana").doesNotContain("user: vigil\n");
    assertThat(OpsFiles.read(root.resolve("dashboards/postgres/init-dashboard-role.sql")))
        .contains("CREATE ROLE vigil_grafana LOGIN IN ROLE vigil_dashboard");
  }

  @Test
  void provisioningPointsAtTheMountedDashboards() {
    String provider =
        OpsFiles.read(root.resolve("dashboards/grafana/provisioning/dashboards/vigil.yaml"));
    assertThat(provider).contains("path: /var/lib/grafana/dashboards");
    assertThat(OpsFiles.read(root.resolve("docker-compose.yml")))
        .contains("./dashboards/grafana/dashboards:/var/lib/grafana/dashboards:ro")
        .contains("./dashboards/grafana/provisioning:/etc/grafana/provisioning:ro");
  }

  @Test
  void everyPromQlExpressionNamesKnownMetricsAndPromtoolAcceptsIt(@TempDir Path tmp)
      throws Exception {
    List<OpsFiles.Query> queries = OpsFiles.promQueries();
    assertThat(queries).hasSizeGreaterThanOrEqualTo(20);
    Set<String> external = new TreeSet<>();
    for (OpsFiles.Query q : queries) {
      Set<String> names = OpsFiles.metricNames(q.text());
      assertThat(names).as("%s reads a metric", q).isNotEmpty();
      names.stream().filter(n -> !n.startsWith("vigil_")).forEach(external::add);
    }
    assertThat(OpsFiles.EXTERNAL_METRICS).containsAll(external);
    assumeTrue(
        ComposeFileTest.onPath("promtool"),
        "promtool is not installed (apt-get install prometheus): PromQL syntax check skipped");
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
    int i = 0;
    for (OpsFiles.Query q : queries) {
      rules.append("      - record: dashboard_expr_").append(i++).append('\n');
      rules.append("        expr: '").append(q.text().replace("'", "''")).append("'\n");
    }
    Path file = tmp.resolve("exprs.yml");
    Files.writeString(file, rules);
    assertThat(run(tmp, "promtool", "check", "rules", file.toString()))
        .contains("SUCCESS: " + queries.size() + " rules found");
    long alertRules =
        Files.readAllLines(root.resolve("dashboards/prometheus/vigil-alerts.yml")).stream()
            .filter(line -> line.strip().startsWith("- alert:"))
            .count();
    assertThat(run(root, "promtool", "check", "config", "dashboards/prometheus/prometheus.yml"))
        .contains("SUCCESS: " + alertRules + " rules found");
  }

  private static String run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @SuppressWarnings("unchecked")
  private Set<String> provisionedDatasourceUids() {
    Map<String, Object> yaml =
        OpsFiles.yaml(root.resolve("dashboards/grafana/provisioning/datasources/vigil.yaml"));
    Set<String> uids = new TreeSet<>();
    for (Object ds : (List<Object>) yaml.get("datasources")) {
      uids.add((String) ((Map<String, Object>) ds).get("uid"));
    }
    return uids;
  }
}
