package io.vigil.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.hub.config.ConfigKeys;
import io.vigil.hub.config.ConfigSources;
import io.vigil.ingest.http.HttpConfig;
import io.vigil.ingest.mllp.MllpConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml without a Docker engine: it parses, images are pinned, every path it mounts or
 * builds exists, dependants wait for healthchecks, the hub's environment names real config keys and
 * ports agree with the code, secrets come from the (uncommitted) env file, and the Besu nodes
 * expose no admin APIs or wildcard allowlists.
 */
class ComposeFileTest {
  final Path root = OpsFiles.root();
  final Map<String, Object> compose = OpsFiles.yaml(root.resolve("docker-compose.yml"));

  @SuppressWarnings("unchecked")
  Map<String, Map<String, Object>> services() {
    return (Map<String, Map<String, Object>>) compose.get("services");
  }

  @Test
  void hasEveryPartOfTheDeployment() {
    assertThat(services().keySet())
        .contains(
            "postgres",
            "kafka",
            "flink-jobmanager",
            "flink-taskmanager",
            "node-1",
            "node-2",
            "node-3",
            "node-4",
            "rpc-node",
            "anchor-deploy",
            "hub",
            "prometheus",
            "grafana");
  }

  @Test
  void imagesArePinnedToAVersionOrDigest() {
    Pattern pinned =
        Pattern.compile("[^:@\\s]+(:[A-Za-z0-9._-]*\\d[A-Za-z0-9._-]*|@sha256:[0-9a-f]{64})");
    services()
        .forEach(
            (name, s) -> {
              String image = (String) s.get("image");
              assertThat(image).as("%s has an image name", name).isNotNull();
              assertThat(image).as("%s image", name).matches(pinned).doesNotContain(":latest");
            });
    for (String line : OpsFiles.read(root.resolve("Dockerfile")).split("\n")) {
      if (line.startsWith("FROM ")) {
        assertThat(line.split("\\s+")[1]).as(line).matches(pinned);
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyBuiltOrMountedPathExists() {
    String dockerfile = OpsFiles.read(root.resolve("Dockerfile"));
    List<String> checked = new ArrayList<>();
    services()
        .forEach(
            (name, s) -> {
              if (s.get("build") instanceof Map<?, ?> build) {
                assertThat(root.resolve((String) build.get("context"))).isDirectory();
                assertThat(dockerfile).contains(" AS " + build.get("target"));
              }
              for (Object v : (List<Object>) s.getOrDefault("volumes", List.of())) {
                String source = v.toString().split(":")[0];
                if (source.startsWith("./secrets/")) {
                  continue; // operator-provided, gitignored (README "Moving to production")
                }
                if (source.startsWith(".")) {
                  assertThat(root.resolve(source)).as("%s mounts %s", name, source).exists();
                  checked.add(source);
                } else {
                  assertThat((Map<String, Object>) compose.get("volumes"))
                      .as("%s uses named volume %s", name, source)
                      .containsKey(source);
                }
              }
            });
    assertThat(checked).contains("./besu-network", "./dashboards/prometheus");
    assertThat(OpsFiles.read(root.resolve(".gitignore")).lines()).contains(".env", "secrets/");
    // The image build context must not carry secrets or stale build output into a layer.
    assertThat(OpsFiles.read(root.resolve(".dockerignore")).lines())
        .contains(".env", "secrets/", "**/target/");
    // The build stage has Node.js: the hub jar carries the web console bundled at build time.
    assertThat(dockerfile)
        .contains("COPY --from=node /usr/local/bin/node")
        .doesNotContain("vigil.web.skip");
    // The Dockerfile copies what the Maven build makes: the hub jar, its lib/ and the job jar.
    assertThat(dockerfile)
        .contains("hub/target/vigil-hub-0.1.0-SNAPSHOT.jar", "hub/target/lib")
        .contains("stream-analytics/target/vigil-stream-analytics-*-job.jar");
    assertThat(OpsFiles.read(root.resolve("vigil")))
        .contains("hub/target/vigil-hub-0.1.0-SNAPSHOT.jar");
  }

  @Test
  @SuppressWarnings("unchecked")
  void dependantsWaitForHealthyServices() {
    Map<String, Map<String, Object>> services = services();
    services.forEach(
        (name, s) -> {
          if (!"anchor-deploy".equals(name)) {
            assertThat(s).as("%s has a healthcheck", name).containsKey("healthcheck");
          }
          Object deps = s.get("depends_on");
          if (deps == null) {
            return;
          }
          assertThat(deps).as("%s depends_on must name conditions", name).isInstanceOf(Map.class);
          ((Map<String, Map<String, Object>>) deps)
              .forEach(
                  (dep, cond) -> {
                    String expected =
                        services.get(dep).containsKey("healthcheck")
                            ? "service_healthy"
                            : "service_completed_successfully";
                    assertThat(cond.get("condition")).as("%s → %s", name, dep).isEqualTo(expected);
                  });
        });
  }

  @Test
  @SuppressWarnings("unchecked")
  void hubEnvironmentNamesRealConfigKeysAndPortsAgreeWithTheCode() {
    Set<String> envNames =
        ConfigKeys.ALL.stream().map(ConfigSources::envName).collect(Collectors.toSet());
    for (String service : List.of("hub")) {
      Map<String, Object> env = (Map<String, Object>) services().get(service).get("environment");
      for (String var : env.keySet()) {
        assertThat(envNames).as("%s sets %s, which is no config key", service, var).contains(var);
      }
      assertThat(env)
          .containsKeys(
              ConfigSources.envName(ConfigKeys.DB_URL),
              ConfigSources.envName(ConfigKeys.LOG_SIGNER_KEY),
              ConfigSources.envName(ConfigKeys.AUTH_TOKEN_SIGNING_KEY),
              ConfigSources.envName(ConfigKeys.DEID_PERSON_KEY_SECRET),
              ConfigSources.envName(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS),
              ConfigSources.envName(ConfigKeys.MLLP_TLS_CLIENT_CA));
      // The listeners bind every interface of the container, not the laptop default 127.0.0.1
      // (ops6: the published ports and Prometheus reached nothing).
      assertThat(env.get(ConfigSources.envName(ConfigKeys.MLLP_HOST))).isEqualTo("0.0.0.0");
      assertThat(env.get(ConfigSources.envName(ConfigKeys.HTTP_HOST))).isEqualTo("0.0.0.0");
      assertThat(env.get("VIGIL_MLLP_PORT")).isEqualTo(String.valueOf(MllpConfig.DEFAULT_PORT));
      assertThat(env.get("VIGIL_HTTP_PORT")).isEqualTo(String.valueOf(HttpConfig.DEFAULT_PORT));
      assertThat(env.get("VIGIL_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
    }
    Map<String, Object> chain = (Map<String, Object>) services().get("hub").get("environment");
    assertThat(chain.get("VIGIL_CHAIN_RPC_URL")).isEqualTo("http://rpc-node:8545");
    assertThat(chain.get(ConfigSources.envName(ConfigKeys.CHAIN_ID))).isEqualTo("48815");
    assertThat(OpsFiles.read(root.resolve("besu-network/genesis.json"))).contains("48815");
    List<Object> ports = (List<Object>) services().get("hub").get("ports");
    assertThat(ports)
        .containsExactly(
            "2575-2576:" + MllpConfig.DEFAULT_PORT, "8080-8081:" + HttpConfig.DEFAULT_PORT);
    assertThat(OpsFiles.read(root.resolve("Dockerfile")))
        .contains("EXPOSE " + MllpConfig.DEFAULT_PORT + " " + HttpConfig.DEFAULT_PORT);
    // Prometheus scrapes the hub's HTTP port, Flink's reporter port and Besu's metrics port.
    String prometheus = OpsFiles.read(root.resolve("dashboards/prometheus/prometheus.yml"));
    assertThat(prometheus).contains("port: " + HttpConfig.DEFAULT_PORT, "names: [hub]");
    String flink = OpsFiles.read(root.resolve("docker-compose.yml"));
    assertThat(flink).contains("metrics.reporter.prom.port: 9249");
    assertThat(prometheus).contains("flink-jobmanager:9249", "flink-taskmanager:9249");
    for (String node : List.of("node-1", "node-2", "node-3", "node-4", "rpc-node")) {
      assertThat(OpsFiles.read(root.resolve("besu-network/" + node + "/config.toml")))
          .contains("metrics-port=9545");
      assertThat(prometheus).contains(node + ":9545");
    }
  }

  @Test
  void theFlinkJobIsTheAnalyticsMainWithItsDocumentedOptions() throws Exception {
    Class.forName("io.vigil.analytics.job.AnalyticsMain");
    String command = (String) services().get("flink-jobmanager").get("command");
    assertThat(command)
        .startsWith("standalone-job --job-classname io.vigil.analytics.job.AnalyticsMain");
    String readme = OpsFiles.read(root.resolve("stream-analytics/README.md"));
    Matcher flag = Pattern.compile("(--[a-z.]+)").matcher(command.replace("--job-classname", ""));
    int n = 0;
    while (flag.find()) {
      assertThat(readme)
          .as("stream-analytics option %s", flag.group(1))
          .contains("`" + flag.group(1) + "`");
      n++;
    }
    assertThat(n).isGreaterThanOrEqualTo(5);
    assertThat(OpsFiles.read(root.resolve("stream-analytics/README.md")))
        .contains("VIGIL_ANALYTICS_JDBC_PASSWORD");
  }

  @Test
  void secretsComeFromTheEnvFileAndEveryOneIsInTheExample() {
    String text = OpsFiles.read(root.resolve("docker-compose.yml"));
    Matcher m = Pattern.compile("\\$\\{([A-Z_]+)(:\\?[^}]*)?}").matcher(text);
    Set<String> used = new TreeSet<>();
    while (m.find()) {
      used.add(m.group(1));
      assertThat(m.group(2)).as("${%s} must be required (:?)", m.group(1)).isNotNull();
    }
    assertThat(used)
        .contains("VIGIL_DB_PASSWORD", "VIGIL_LOG_SIGNER_KEY", "VIGIL_CHAIN_PRIVATE_KEY");
    Set<String> example =
        OpsFiles.read(root.resolve(".env.example"))
            .lines()
            .filter(l -> !l.startsWith("#") && l.contains("="))
            .map(l -> l.substring(0, l.indexOf('=')))
            .collect(Collectors.toSet());
    assertThat(example).containsAll(used);
    // No secret literal in the file: passwords and keys are only ever interpolated.
    assertThat(text).doesNotContainPattern("(?i)(password|_key|secret):\\s+[^$\\s/]");
  }

  @Test
  void besuNodesExposeNoAdminApiNorWildcardAllowlist() throws Exception {
    List<Path> configs;
    try (Stream<Path> files = Files.walk(root.resolve("besu-network"))) {
      configs = files.filter(f -> f.getFileName().toString().equals("config.toml")).toList();
    }
    assertThat(configs).hasSize(5);
    for (Path config : configs) {
      String toml = OpsFiles.read(config);
      for (String line : toml.lines().filter(l -> !l.startsWith("#")).toList()) {
        if (line.matches("(?i)(host-allowlist|rpc-http-cors-origins|rpc-ws-host-allowlist).*")) {
          assertThat(line).as(config.toString()).doesNotContain("\"*\"");
        }
        if (line.startsWith("rpc-http-api") || line.startsWith("rpc-ws-api")) {
          assertThat(line.toUpperCase())
              .as(config.toString())
              .doesNotContain("ADMIN", "DEBUG", "TXPOOL", "PERM", "MINER", "QBFT", "TRACE");
        }
      }
    }
    // QBFT with shanghaiTime needs Besu 24.1 or newer (besu-network/README.md).
    for (String node : List.of("node-1", "node-2", "node-3", "node-4", "rpc-node")) {
      String image = (String) services().get(node).get("image");
      assertThat(image).startsWith("hyperledger/besu:");
      String[] version = image.substring(image.indexOf(':') + 1).split("\\.");
      int major = Integer.parseInt(version[0]);
      assertThat(major > 24 || (major == 24 && Integer.parseInt(version[1]) >= 1))
          .as(image)
          .isTrue();
      assertThat(services().get(node).get("command").toString())
          .contains("--config-file=/config/" + node + "/config.toml");
    }
    // No node's JSON-RPC leaves the host: only rpc-node publishes 8545, on loopback.
    services()
        .forEach(
            (name, s) -> {
              Object ports = s.get("ports");
              if (ports != null && name.matches("node-\\d|rpc-node")) {
                assertThat(ports.toString()).isEqualTo("[127.0.0.1:8545:8545]");
              }
            });
  }

  @Test
  void dockerComposeAcceptsTheFile() throws Exception {
    assumeTrue(
        onPath("docker-compose"),
        "docker-compose is not installed (apt-get install docker-compose): offline check skipped;"
            + " the YAML checks above still ran");
    Process p =
        new ProcessBuilder(
                "docker-compose",
                "--env-file",
                ".env.example",
                "-f",
                "docker-compose.yml",
                "config",
                "-q")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(out).isZero();
  }

  static boolean onPath(String tool) {
    return Stream.of(System.getenv("PATH").split(":"))
        .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }
}
