package io.vigil.hub.cli;

import io.vigil.hub.ChainSettings;
import io.vigil.hub.HubConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vigil start}: production mode. Refuses to start without an external database and TLS on
 * both listeners; unknown senders are refused.
 */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = "Start the hub in production mode (external PostgreSQL, TLS required)")
final class StartCommand implements Callable<Integer> {

  @Mixin HubOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    HubConfig config = options.resolve(HubConfig.Mode.PRODUCTION);
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
    if (config.log().signerKey() == null) {
      problems.add("log.signer-key (VIGIL_LOG_SIGNER_KEY) is required: checkpoints must be signed");
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
    if (!problems.isEmpty()) {
      spec.commandLine().getErr().println("vigil start refused to start insecurely:");
      problems.forEach(p -> spec.commandLine().getErr().println("  - " + p));
      spec.commandLine().getErr().println("For a laptop, use: ./vigil start-dev");
      return 2;
    }
    return HubRunner.runUntilStopped(config, spec.commandLine().getOut());
  }
}
