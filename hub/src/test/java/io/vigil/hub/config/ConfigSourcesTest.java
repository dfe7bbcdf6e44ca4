package io.vigil.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mistyped environment variable is refused as a mistyped key in the file is (ops6 #12: {@code
 * VIGIL_MLLP_PROT=36902} started the hub on the file's port without a word).
 */
class ConfigSourcesTest {
  @TempDir Path dir;

  @Test
  void aVariableThatNamesNoKeyIsRefusedNamingTheOneItWasMeantToBe() {
    assertThatThrownBy(() -> ConfigSources.load(null, Map.of("VIGIL_MLLP_PROT", "36902"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown environment variable VIGIL_MLLP_PROT (did you mean VIGIL_MLLP_PORT?): not a"
                + " configuration key (docs/configuration.md)");
  }

  @Test
  void everyUnknownVariableIsNamedAtOnceAndOnlyCloseOnesGetASuggestion() {
    assertThatThrownBy(
            () ->
                ConfigSources.load(
                    null,
                    Map.of(
                        "VIGIL_DB_PASWORD", "s3cret-value",
                        "VIGIL_KAFKA_BOOTSTRAP_SERVER", "k:9092",
                        "VIGIL_SOMETHING_ELSE", "1"),
                    Map.of()))
        .hasMessageContaining("VIGIL_DB_PASWORD (did you mean VIGIL_DB_PASSWORD?)")
        .hasMessageContaining(
            "VIGIL_KAFKA_BOOTSTRAP_SERVER (did you mean VIGIL_KAFKA_BOOTSTRAP_SERVERS?)")
        .hasMessageContaining("VIGIL_SOMETHING_ELSE:")
        .hasMessageNotContaining("s3cret-value")
        .hasMessageNotContaining("k:9092");
  }

  @Test
  void theLaunchersAndTheComposeFilesOwnVariablesAndOthersAreAllowed() throws Exception {
    Map<String, String> env =
        Map.of(
            "VIGIL_JAVA_OPTS", "-Xmx2g",
            "VIGIL_TOOLS_DIR", "/opt/tools",
            "VIGIL_GRAFANA_DB_PASSWORD", "x",
            "VIGIL_KAFKA_CLUSTER_ID", "abc",
            "VIGIL_DEPLOYER_KEY", "0x1",
            "VIGIL_ANCHORING_ADDRESS", "0x2",
            "VIGIL_ANALYTICS_JDBC_PASSWORD", "y",
            "PATH", "/bin",
            "VIGILANT", "not ours");
    assertThat(ConfigSources.load(null, env, Map.of()).get(ConfigKeys.MLLP_PORT)).isEmpty();
  }

  /** Kubernetes sets these for a Service named vigil, vigil-hub, …; they are not typos. */
  @Test
  void kubernetesServiceLinksAreAllowedButATypoEndingInPortIsNot() throws Exception {
    Map<String, String> env =
        Map.of(
            "VIGIL_SERVICE_HOST", "10.0.0.1",
            "VIGIL_SERVICE_PORT", "2575",
            "VIGIL_HUB_SERVICE_PORT_MLLP", "2575",
            "VIGIL_PORT", "tcp://10.0.0.1:2575",
            "VIGIL_HUB_PORT_2575_TCP", "tcp://10.0.0.1:2575",
            "VIGIL_HUB_PORT_2575_TCP_ADDR", "10.0.0.1",
            "VIGIL_HUB_PORT_2575_TCP_PROTO", "tcp");
    ConfigSources.load(null, env, Map.of());

    assertThatThrownBy(() -> ConfigSources.load(null, Map.of("VIGIL_HTP_PORT", "9000"), Map.of()))
        .hasMessageContaining("VIGIL_HTP_PORT (did you mean VIGIL_HTTP_PORT?)");
  }

  @Test
  void aKeyInTheFileThatIsCloseToAKnownOneIsNamed() throws Exception {
    Path file = dir.resolve("typo.properties");
    Files.writeString(file, "mllp.prot=3000\n");
    assertThatThrownBy(() -> ConfigSources.load(file, Map.of(), Map.of()))
        .hasMessageContaining("unknown configuration key 'mllp.prot' (did you mean 'mllp.port'?)");
  }

  @Test
  void everyKnownVariableIsAccepted() throws Exception {
    Map<String, String> env = new java.util.HashMap<>();
    ConfigKeys.ALL.forEach(k -> env.put(ConfigSources.envName(k), ""));
    ConfigSources.load(null, env, Map.of());
  }

  /**
   * The variables the launcher, the image and the compose stack use are all accepted: an operator
   * who exported the stack's .env must still be able to run {@code vigil}.
   */
  @Test
  void everyVariableTheRepositoryUsesIsAccepted() throws Exception {
    Path root = io.vigil.hub.ops.OpsFiles.root();
    Map<String, String> env = new java.util.TreeMap<>();
    for (String file : new String[] {"vigil", "Dockerfile", "docker-compose.yml", ".env.example"}) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\\bVIGIL_[A-Z0-9_]+")
              .matcher(Files.readString(root.resolve(file)));
      while (m.find()) {
        env.put(m.group(), "x");
      }
    }
    assertThat(env).containsKeys("VIGIL_JAVA_OPTS", "VIGIL_GRAFANA_DB_PASSWORD");
    ConfigSources.load(null, env, Map.of());
  }
}
