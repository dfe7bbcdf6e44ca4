package io.vigil.hub.cli;

import io.vigil.anchoring.checkpoint.CheckpointException;
import io.vigil.anchoring.checkpoint.CheckpointSigner;
import io.vigil.hub.ChainSettings;
import io.vigil.hub.HubConfig;
import io.vigil.hub.config.ConfigKeys;
import io.vigil.hub.events.EventsSettings;
import io.vigil.hub.events.PersonKeySecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What production needs before {@code vigil start} touches anything: every problem is listed at
 * once, before the database is migrated or the sequencer lock taken. A missing person-key secret
 * used to fail only after both, with a stack trace (ops6 #11); so did a missing Kafka cluster, a
 * malformed signing key and a TLS file that is not there.
 */
final class ProductionRequirements {
  private ProductionRequirements() {}

  /** The problems of {@code config} for production, each one line naming its key; empty if none. */
  static List<String> problems(HubConfig config) {
    List<String> problems = new ArrayList<>();
    if (config.store().jdbcUrl() == null) {
      problems.add("db.url (VIGIL_DB_URL) is required: production never embeds a database");
    }
    if (!config.mllp().tlsEnabled()) {
      problems.add("mllp.tls.cert and mllp.tls.key are required: MLLP must use TLS");
    }
    if (config.mllp().clientCaPath() == null) {
      problems.add(
          "mllp.tls.client-ca is required: MLLP senders authenticate with client certificates");
    }
    if (config.auth().tokenSigningKey() == null) {
      problems.add(
          "auth.token-signing-key (VIGIL_AUTH_TOKEN_SIGNING_KEY) is required: access tokens must"
              + " be signed with an operator-managed key");
    }
    if (!config.http().tlsEnabled()) {
      problems.add("http.tls.cert and http.tls.key are required: HTTP must use TLS");
    }
    String signerKey = config.log().signerKey();
    if (signerKey == null) {
      problems.add("log.signer-key (VIGIL_LOG_SIGNER_KEY) is required: checkpoints must be signed");
    } else {
      try {
        CheckpointSigner.fromSignerKey(signerKey.trim());
      } catch (CheckpointException e) {
        // The reason only, never the key.
        problems.add(
            "log.signer-key is not a signer key ("
                + e.getMessage()
                + "): create one with `vigil log-key --origin <origin>`");
      }
    }
    String personKey = config.events().personKeySecret();
    if (personKey == null || personKey.isBlank()) {
      problems.add(
          "deid.person-key-secret (VIGIL_DEID_PERSON_KEY_SECRET) is required: 32+ random bytes as"
              + " hex or base64, e.g. `openssl rand -hex 32`");
    } else {
      try {
        PersonKeySecret.parse(personKey);
      } catch (IllegalStateException e) {
        problems.add(e.getMessage());
      }
    }
    if (config.events().kafka() == EventsSettings.KafkaMode.EXTERNAL
        && !config.events().outbox().enabled()) {
      problems.add(
          "kafka.bootstrap-servers (VIGIL_KAFKA_BOOTSTRAP_SERVERS) is required with kafka.mode=external"
              + " (production's default), or kafka.mode=off to keep events in the outbox");
    }
    ChainSettings chain = config.chain();
    if (chain.mode() == ChainSettings.Mode.ANVIL) {
      problems.add("chain.mode=anvil is for development; use rpc (or off)");
    }
    if (chain.mode() == ChainSettings.Mode.RPC
        && (chain.rpcUrl() == null || chain.contract() == null || chain.privateKey() == null)) {
      problems.add(
          "chain.rpc-url, chain.contract and chain.private-key are required with chain.mode=rpc");
    }
    unreadableFiles(config).forEach((key, file) -> problems.add(key + ": cannot read " + file));
    return problems;
  }

  /** The files configuration names that are not there or not readable, by key. */
  private static Map<String, Path> unreadableFiles(HubConfig config) {
    Map<String, Path> files = new LinkedHashMap<>();
    files.put(ConfigKeys.MLLP_TLS_CERT, config.mllp().tlsCertPath());
    files.put(ConfigKeys.MLLP_TLS_KEY, config.mllp().tlsKeyPath());
    files.put(ConfigKeys.MLLP_TLS_CLIENT_CA, config.mllp().clientCaPath());
    files.put(ConfigKeys.MLLP_TLS_CRL, config.mllp().crlPath());
    files.put(ConfigKeys.HTTP_TLS_CERT, config.http().tlsCertPath());
    files.put(ConfigKeys.HTTP_TLS_KEY, config.http().tlsKeyPath());
    files.put(ConfigKeys.AUTH_TOKEN_SIGNING_KEY, config.auth().tokenSigningKey());
    files.put(ConfigKeys.DEID_CONDITIONS_FILE, config.events().conditionsFile().orElse(null));
    files.values().removeIf(f -> f == null || Files.isReadable(f) && Files.isRegularFile(f));
    return files;
  }
}
