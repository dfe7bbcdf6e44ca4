package io.vigil.hub;

import io.vigil.anchoring.chain.ChainConfig;
import io.vigil.anchoring.chain.GasMode;

/**
 * Where checkpoints are anchored.
 *
 * @param mode {@code OFF} (checkpoints are signed but not anchored), {@code ANVIL} (dev: start a
 *     local anvil chain from npm and deploy the Anchor contract), {@code RPC} (an Ethereum JSON-RPC
 *     node, e.g. the Besu QBFT network's RPC node)
 * @param rpcUrl JSON-RPC URL (RPC mode)
 * @param contract Anchor contract address (RPC mode)
 * @param privateKey the anchoring account's key, hex (RPC mode; secret, never logged)
 * @param gasMode FREE for a zero-base-fee QBFT network, EIP1559 or LEGACY otherwise
 * @param chainId the expected chain id; 0 accepts any
 * @param logsBlockSpan blocks per {@code eth_getLogs} request when reading anchored events (nodes
 *     cap the range; Besu's {@code --rpc-max-logs-range} defaults to 5,000)
 * @param deploymentBlock the Anchor contract's deployment block (RPC mode): event reads start there
 *     instead of at block 0
 */
public record ChainSettings(
    Mode mode,
    String rpcUrl,
    String contract,
    String privateKey,
    GasMode gasMode,
    long chainId,
    long logsBlockSpan,
    long deploymentBlock) {

  /** RPC or anvil settings with the default event reading (5,000-block windows from block 0). */
  public ChainSettings(
      Mode mode, String rpcUrl, String contract, String privateKey, GasMode gasMode, long chainId) {
    this(
        mode,
        rpcUrl,
        contract,
        privateKey,
        gasMode,
        chainId,
        ChainConfig.DEFAULT_LOGS_BLOCK_SPAN,
        0);
  }

  /** How the hub reaches a chain. */
  public enum Mode {
    OFF,
    ANVIL,
    RPC
  }

  public static ChainSettings off() {
    return new ChainSettings(Mode.OFF, null, null, null, GasMode.FREE, 0);
  }

  public static ChainSettings anvil() {
    return new ChainSettings(Mode.ANVIL, null, null, null, GasMode.EIP1559, 0);
  }

  @Override
  public String toString() {
    return "ChainSettings[mode="
        + mode
        + ", rpcUrl="
        + rpcUrl
        + ", contract="
        + contract
        + ", gasMode="
        + gasMode
        + ", chainId="
        + chainId
        + ", logsBlockSpan="
        + logsBlockSpan
        + ", deploymentBlock="
        + deploymentBlock
        + "]";
  }
}
