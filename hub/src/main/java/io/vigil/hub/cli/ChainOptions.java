package io.vigil.hub.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the verify commands find the chain: {@code --rpc} and {@code --contract}, or the {@code
 * chain.json} a start-dev hub wrote into its data directory ({@code --data-dir}); explicit options
 * win.
 */
final class ChainOptions {
  @Option(names = "--rpc", description = "Ethereum JSON-RPC URL of the chain")
  String rpc;

  @Option(
      names = "--contract",
      description = "Anchor contract address (verify: default is the receipt's)")
  String contract;

  @Option(
      names = "--data-dir",
      description = "a start-dev data directory: supplies --rpc and --contract")
  Path dataDir;

  /**
   * Fills {@code rpc} and {@code contract} from {@code --data-dir} where not given.
   *
   * @return null, or why the data directory could not supply them
   */
  String fillFromDataDir() throws IOException {
    if (dataDir == null) {
      return null;
    }
    Path chainFile = dataDir.resolve("chain.json");
    if (!Files.exists(chainFile)) {
      return chainFile + " not found (is a start-dev hub using that directory?)";
    }
    JsonObject chain = new JsonObject(Files.readString(chainFile));
    rpc = rpc != null ? rpc : chain.getString("rpcUrl");
    contract = contract != null ? contract : chain.getString("contract");
    return null;
  }
}
