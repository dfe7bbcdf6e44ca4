package io.vigil.anchoring.chain;

import java.time.Duration;
import java.util.Objects;
import org.web3j.crypto.Credentials;

/**
 * Settings of the anchoring client for one Ethereum JSON-RPC chain (anvil in dev and tests, Besu
 * QBFT in production).
 *
 * @param rpcUrl JSON-RPC endpoint, e.g. {@code http://127.0.0.1:8545}
 * @param expectedChainId the chain id the endpoint must report; {@code 0} accepts any (dev only)
 * @param contractAddress the deployed {@code Anchor} contract; {@code null} in dev until {@link
 *     AnchorClient#deploy()} deploys one
 * @param privateKey the anchoring account's secp256k1 key, hex with or without {@code 0x}; never
 *     logged, redacted by {@link #toString()}
 * @param gasMode {@link GasMode#FREE} for Besu free-gas networks, {@code EIP1559} or {@code LEGACY}
 * @param gasLimit gas limit of anchor and admin transactions; {@code 0} estimates each one (+25%).
 *     Default 200,000 (an anchor uses about 75,000 the first time, 35,000 after)
 * @param receiptTimeout how long to wait for a receipt before replacing (or re-broadcasting) the
 *     transaction; default 30 s (Besu QBFT mines every 2 s)
 * @param retryBackoffBase first delay after a failed JSON-RPC call; doubles per attempt; default
 *     500 ms
 * @param retryBackoffMax ceiling of the retry delay; default 30 s
 * @param retryAttempts JSON-RPC attempts per call, and transaction broadcasts per anchor, before
 *     {@link ChainUnavailableException}; default 6
 * @param confirmations blocks that must include or follow the transaction's block before it counts;
 *     default 1 (QBFT blocks are final when sealed)
 * @param logsBlockSpan blocks per {@code eth_getLogs} request when reading {@code Anchored} events;
 *     nodes cap the range (Besu {@code --rpc-max-logs-range}, default 5,000; many providers
 *     10,000), so events are read in windows of this many blocks; default {@value
 *     #DEFAULT_LOGS_BLOCK_SPAN}
 * @param logsFromBlock first block searched for {@code Anchored} events: the contract's deployment
 *     block skips the chain before it; default 0
 */
public record ChainConfig(
    String rpcUrl,
    long expectedChainId,
    String contractAddress,
    String privateKey,
    GasMode gasMode,
    long gasLimit,
    Duration receiptTimeout,
    Duration retryBackoffBase,
    Duration retryBackoffMax,
    int retryAttempts,
    int confirmations,
    long logsBlockSpan,
    long logsFromBlock) {

  public static final long DEFAULT_GAS_LIMIT = 200_000;

  /** Blocks per {@code eth_getLogs} request: Besu's default {@code --rpc-max-logs-range}. */
  public static final long DEFAULT_LOGS_BLOCK_SPAN = 5_000;

  public ChainConfig {
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(gasMode, "gasMode");
    Objects.requireNonNull(receiptTimeout, "receiptTimeout");
    Objects.requireNonNull(retryBackoffBase, "retryBackoffBase");
    Objects.requireNonNull(retryBackoffMax, "retryBackoffMax");
    if (expectedChainId < 0 || gasLimit < 0) {
      throw new IllegalArgumentException("chain id and gas limit must not be negative");
    }
    if (retryAttempts < 1 || confirmations < 1) {
      throw new IllegalArgumentException("retryAttempts and confirmations must be at least 1");
    }
    if (receiptTimeout.isNegative()
        || receiptTimeout.isZero()
        || retryBackoffBase.isNegative()
        || retryBackoffMax.compareTo(retryBackoffBase) < 0) {
      throw new IllegalArgumentException("timeouts must be positive and backoff max >= base");
    }
    if (logsBlockSpan < 1 || logsFromBlock < 0) {
      throw new IllegalArgumentException(
          "logsBlockSpan must be at least 1 and logsFromBlock not negative");
    }
    if (contractAddress != null && contractAddress.isBlank()) {
      contractAddress = null;
    }
  }

  /** Defaults for {@code rpcUrl} and {@code privateKey}: any chain id, no contract, FREE gas. */
  public static ChainConfig defaults(String rpcUrl, String privateKey) {
    return new ChainConfig(
        rpcUrl,
        0,
        null,
        privateKey,
        GasMode.FREE,
        DEFAULT_GAS_LIMIT,
        Duration.ofSeconds(30),
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        6,
        1,
        DEFAULT_LOGS_BLOCK_SPAN,
        0);
  }

  public ChainConfig withContractAddress(String address) {
    return new ChainConfig(
        rpcUrl,
        expectedChainId,
        address,
        privateKey,
        gasMode,
        gasLimit,
        receiptTimeout,
        retryBackoffBase,
        retryBackoffMax,
        retryAttempts,
        confirmations,
        logsBlockSpan,
        logsFromBlock);
  }

  public ChainConfig withExpectedChainId(long chainId) {
    return new ChainConfig(
        rpcUrl,
        chainId,
        contractAddress,
        privateKey,
        gasMode,
        gasLimit,
        receiptTimeout,
        retryBackoffBase,
        retryBackoffMax,
        retryAttempts,
        confirmations,
        logsBlockSpan,
        logsFromBlock);
  }

  public ChainConfig withGasMode(GasMode mode) {
    return new ChainConfig(
        rpcUrl,
        expectedChainId,
        contractAddress,
        privateKey,
        mode,
        gasLimit,
        receiptTimeout,
        retryBackoffBase,
        retryBackoffMax,
        retryAttempts,
        confirmations,
        logsBlockSpan,
        logsFromBlock);
  }

  public ChainConfig withPrivateKey(String key) {
    return new ChainConfig(
        rpcUrl,
        expectedChainId,
        contractAddress,
        key,
        gasMode,
        gasLimit,
        receiptTimeout,
        retryBackoffBase,
        retryBackoffMax,
        retryAttempts,
        confirmations,
        logsBlockSpan,
        logsFromBlock);
  }

  public ChainConfig withRpcUrl(String url) {
    return new ChainConfig(
        url,
        expectedChainId,
        contractAddress,
        privateKey,
        gasMode,
        gasLimit,
        receiptTimeout,
        retryBackoffBase,
        retryBackoffMax,
        retryAttempts,
        confirmations,
        logsBlockSpan,
        logsFromBlock);
  }

  /** Receipt timeout, backoff and attempts in one go (tests shorten them). */
  public ChainConfig withTiming(
      Duration receipt, Duration backoffBase, Duration backoffMax, int attempts) {
    return new ChainConfig(
        rpcUrl,
        expectedChainId,
        contractAddress,
        privateKey,
        gasMode,
        gasLimit,
        receipt,
        backoffBase,
        backoffMax,
        attempts,
        confirmations,
        logsBlockSpan,
        logsFromBlock);
  }

  public ChainConfig withConfirmations(int count) {
    return new ChainConfig(
        rpcUrl,
        expectedChainId,
        contractAddress,
        privateKey,
        gasMode,
        gasLimit,
        receiptTimeout,
        retryBackoffBase,
        retryBackoffMax,
        retryAttempts,
        count,
        logsBlockSpan,
        logsFromBlock);
  }

  /**
   * Reads {@code Anchored} events in windows of {@code span} blocks from block {@code from} (the
   * contract's deployment block, or 0).
   */
  public ChainConfig withLogsRange(long span, long from) {
    return new ChainConfig(
        rpcUrl,
        expectedChainId,
        contractAddress,
        privateKey,
        gasMode,
        gasLimit,
        receiptTimeout,
        retryBackoffBase,
        retryBackoffMax,
        retryAttempts,
        confirmations,
        span,
        from);
  }

  /** The anchoring account's address (lower-case hex with {@code 0x}), derived from the key. */
  public String accountAddress() {
    return credentials().getAddress();
  }

  Credentials credentials() {
    return Credentials.create(privateKey);
  }

  /** Everything but the private key, which shows as {@code [redacted]}. */
  @Override
  public String toString() {
    return "ChainConfig[rpcUrl="
        + rpcUrl
        + ", expectedChainId="
        + expectedChainId
        + ", contractAddress="
        + contractAddress
        + ", privateKey=[redacted], gasMode="
        + gasMode
        + ", gasLimit="
        + gasLimit
        + ", receiptTimeout="
        + receiptTimeout
        + ", retryBackoffBase="
        + retryBackoffBase
        + ", retryBackoffMax="
        + retryBackoffMax
        + ", retryAttempts="
        + retryAttempts
        + ", confirmations="
        + confirmations
        + ", logsBlockSpan="
        + logsBlockSpan
        + ", logsFromBlock="
        + logsFromBlock
        + "]";
  }
}
