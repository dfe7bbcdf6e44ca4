package io.vigil.hub.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files under test (dashboards/, docker-compose.yml), read from the repository, and
 * the queries in them, for the file checks and for {@code DashboardQueriesIT}.
 */
public final class OpsFiles {
  /** The one Grafana dashboard schema version every dashboard is written for. */
  public static final int GRAFANA_SCHEMA_VERSION = 39;

  /** Test values for the dashboards' template variables and Grafana's time macro. */
  public static final String CONDITION = "COVID-19";

  public static final String STATE = "17";

  /**
   * Metrics the dashboards read from Flink's and Besu's own exporters, which no test scrapes
   * (neither runs here): checked for PromQL syntax only. Names from the Flink metrics documentation
   * (Prometheus reporter: scope joined by '_'; checkpointing and FLIP-33 connector metrics) and
   * Besu's metrics (ethereum category).
   */
  public static final Set<String> EXTERNAL_METRICS =
      Set.of(
          "flink_jobmanager_job_lastCheckpointDuration",
          "flink_jobmanager_job_numberOfFailedCheckpoints",
          "flink_jobmanager_job_numberOfCompletedCheckpoints",
          "flink_taskmanager_job_task_operator_pendingRecords",
          "ethereum_blockchain_height");

  private static final Pattern METRIC = Pattern.compile("\\b((?:vigil|flink|ethereum)_[A-Za-z_]+)");

  private OpsFiles() {}

  /** The repository root (the directory holding docker-compose.yml above the test's cwd). */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> yaml(Path file) {
    return (Map<String, Object>) new Yaml(new LoaderOptions()).load(read(file));
  }

  public static List<Path> dashboardFiles() {
    try (Stream<Path> files = Files.list(root().resolve("dashboards/grafana/dashboards"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonObject dashboard(Path file) {
    return new JsonObject(read(file));
  }

  /** A query found in a dashboard, named for the failure message. */
  public record Query(String where, String text) {}

  /** Every raw SQL text: panel targets, template variables and annotations. */
  public static List<Query> sqlQueries() {
    List<Query> out = new ArrayList<>();
    for (Path file : dashboardFiles()) {
      JsonObject d = dashboard(file);
      String name = file.getFileName().toString();
      for (Object p : d.getJsonArray("panels")) {
        JsonObject panel = (JsonObject) p;
        for (Object t : panel.getJsonArray("targets", new JsonArray())) {
          String sql = ((JsonObject) t).getString("rawSql");
          if (sql != null) {
            out.add(new Query(name + " / " + panel.getString("title"), sql));
          }
        }
      }
      for (Object v : d.getJsonObject("templating").getJsonArray("list")) {
        JsonObject variable = (JsonObject) v;
        out.add(new Query(name + " / $" + variable.getString("name"), variable.getString("query")));
      }
      for (Object a : d.getJsonObject("annotations").getJsonArray("list")) {
        JsonObject target = ((JsonObject) a).getJsonObject("target");
        if (target != null && target.getString("rawSql") != null) {
          out.add(
              new Query(
                  name + " / annotation " + ((JsonObject) a).getString("name"),
                  target.getString("rawSql")));
        }
      }
    }
    return out;
  }

  /** Every PromQL expression: dashboard targets and the Prometheus alert rules. */
  @SuppressWarnings("unchecked")
  public static List<Query> promQueries() {
    List<Query> out = new ArrayList<>();
    for (Path file : dashboardFiles()) {
      for (Object p : dashboard(file).getJsonArray("panels")) {
        JsonObject panel = (JsonObject) p;
        for (Object t : panel.getJsonArray("targets", new JsonArray())) {
          String expr = ((JsonObject) t).getString("expr");
          if (expr != null) {
            out.add(new Query(file.getFileName() + " / " + panel.getString("title"), expr));
          }
        }
      }
    }
    Map<String, Object> rules = yaml(root().resolve("dashboards/prometheus/vigil-alerts.yml"));
    for (Object g : (List<Object>) rules.get("groups")) {
      for (Object r : (List<Object>) ((Map<String, Object>) g).get("rules")) {
        Map<String, Object> rule = (Map<String, Object>) r;
        out.add(new Query("alert " + rule.get("alert"), String.valueOf(rule.get("expr"))));
      }
    }
    return out;
  }

  /** The metric names an expression reads (vigil_*, flink_*, ethereum_*). */
  public static Set<String> metricNames(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Grafana's macro and template variables replaced by test values, as Grafana would expand. */
  public static String expand(String sql) {
    return sql.replaceAll(
            "\\$__timeFilter\\(([a-z_]+)\\)",
            "$1 BETWEEN '2000-01-01'::timestamptz AND '2100-01-01'::timestamptz")
        .replace("$condition", CONDITION)
        .replace("$state", STATE);
  }
}
