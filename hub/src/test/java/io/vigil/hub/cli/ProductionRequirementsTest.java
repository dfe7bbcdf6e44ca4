package io.vigil.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.anchoring.checkpoint.CheckpointSigner;
import io.vigil.hub.HubConfig;
import io.vigil.hub.config.ConfigSources;
import io.vigil.hub.config.HubConfigBinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything production requires is checked before the hub touches the database (ops6 #11: a
 * missing person-key secret failed after the schema was migrated and the sequencer lock taken).
 */
class ProductionRequirementsTest {
  @TempDir Path dir;
  private final Map<String, String> env = new HashMap<>();

  /** A complete production configuration, as the environment gives it. */
  @BeforeEach
  void complete() throws Exception {
    env.put("VIGIL_DB_URL", "jdbc:postgresql://db:5432/vigil");
    for (String file : new String[] {"MLLP_TLS_CERT", "MLLP_TLS_KEY", "MLLP_TLS_CLIENT_CA"}) {
      env.put("VIGIL_" + file, Files.createFile(dir.resolve(file)).toString());
    }
    for (String file : new String[] {"HTTP_TLS_CERT", "HTTP_TLS_KEY", "AUTH_TOKEN_SIGNING_KEY"}) {
      env.put("VIGIL_" + file, Files.createFile(dir.resolve(file)).toString());
    }
    env.put("VIGIL_LOG_SIGNER_KEY", CheckpointSigner.generateSignerKey("vigil.test/log"));
    env.put("VIGIL_DEID_PERSON_KEY_SECRET", "ab".repeat(32));
    env.put("VIGIL_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092");
    env.put("VIGIL_CHAIN_MODE", "off");
  }

  private java.util.List<String> problems() throws Exception {
    return ProductionRequirements.problems(
        HubConfigBinder.bind(HubConfig.Mode.PRODUCTION, ConfigSources.load(null, env, Map.of())));
  }

  @Test
  void aCompleteConfigurationHasNoProblems() throws Exception {
    assertThat(problems()).isEmpty();
  }

  @Test
  void aMissingPersonKeySecretIsListed() throws Exception {
    env.remove("VIGIL_DEID_PERSON_KEY_SECRET");
    assertThat(problems())
        .singleElement()
        .asString()
        .contains("deid.person-key-secret", "VIGIL_DEID_PERSON_KEY_SECRET", "openssl rand -hex 32");
  }

  @Test
  void anUnusablePersonKeySecretIsListedWithoutItsValue() throws Exception {
    env.put("VIGIL_DEID_PERSON_KEY_SECRET", "abcd");
    assertThat(problems()).singleElement().asString().contains("at least 32 bytes");
    env.put("VIGIL_DEID_PERSON_KEY_SECRET", "not hex, not base64!");
    assertThat(problems())
        .singleElement()
        .asString()
        .contains("neither hex nor base64")
        .doesNotContain("not hex, not base64!");
  }

  @Test
  void externalKafkaWithoutServersIsListedUnlessKafkaIsOff() throws Exception {
    env.remove("VIGIL_KAFKA_BOOTSTRAP_SERVERS");
    assertThat(problems())
        .singleElement()
        .asString()
        .contains("kafka.bootstrap-servers", "kafka.mode=off");
    env.put("VIGIL_KAFKA_MODE", "off");
    assertThat(problems()).isEmpty();
  }

  @Test
  void aMalformedSignerKeyIsListedWithoutTheKey() throws Exception {
    env.put("VIGIL_LOG_SIGNER_KEY", "PRIVATE+KEY+vigil.test/log+0000000+secretpart");
    assertThat(problems())
        .singleElement()
        .asString()
        .contains("log.signer-key", "vigil log-key")
        .doesNotContain("secretpart");
  }

  @Test
  void aFileThatIsNotThereIsListedByItsKey() throws Exception {
    env.put("VIGIL_MLLP_TLS_CERT", dir.resolve("nope.crt").toString());
    env.put("VIGIL_DEID_CONDITIONS_FILE", dir.toString()); // a directory
    assertThat(problems())
        .containsExactly(
            "mllp.tls.cert: cannot read " + dir.resolve("nope.crt"),
            "deid.conditions-file: cannot read " + dir);
  }

  @Test
  void everythingMissingIsListedAtOnce() throws Exception {
    env.clear();
    assertThat(String.join("\n", problems()))
        .contains("db.url")
        .contains("mllp.tls.cert")
        .contains("mllp.tls.client-ca")
        .contains("auth.token-signing-key")
        .contains("http.tls.cert")
        .contains("log.signer-key")
        .contains("deid.person-key-secret")
        .contains("kafka.bootstrap-servers")
        .contains("chain.rpc-url");
  }
}
