package io.vigil.anchoring.chain;

import io.vigil.anchoring.merkle.Hash;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Blocking client of one {@code Anchor} contract over plain Ethereum JSON-RPC (anvil, Besu, geth):
 * deploys it, anchors checkpoint roots, reads them back and manages writers.
 *
 * <p>{@link #anchor} is idempotent: if the tree size is already anchored (an earlier attempt did
 * land) it returns that anchoring instead of sending again. Transport failures are retried with
 * backoff and surface as {@link ChainUnavailableException}; contract reverts and node refusals as
 * {@link AnchorRejectedException} with the decoded custom error. Nothing here connects until the
 * first call, so a client can be built while the chain is down. Thread-safe; transactions are sent
 * one at a time.
 */
public final class AnchorClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AnchorClient.class);
  private static final BigInteger ESTIMATE_MARGIN_PERCENT = BigInteger.valueOf(125);

  private final ChainConfig config;
  private final Credentials credentials;
  private final Rpc rpc;
  private volatile String contract;
  private volatile boolean contractChecked;
  private volatile long logsFromBlock;
  private long chainId = -1;
  private TransactionSender sender;

  /** A client for {@code config}; does no I/O. */
  public AnchorClient(ChainConfig config) {
    this.config = config;
    this.credentials = config.credentials();
    this.rpc =
        new Rpc(
            config.rpcUrl(),
            new Backoff(config.retryBackoffBase(), config.retryBackoffMax()),
            config.retryAttempts());
    this.contract =
        config.contractAddress() == null ? null : normalise(config.contractAddress(), "contract");
    this.logsFromBlock = config.logsFromBlock();
  }

  /** The anchoring account (lower-case hex with {@code 0x}). */
  public String accountAddress() {
    return credentials.getAddress();
  }

  /** The contract this client talks to; empty until configured or {@link #deploy() deployed}. */
  public Optional<String> contractAddress() {
    return Optional.ofNullable(contract);
  }

  /**
   * The chain id the endpoint reports, checked against {@link ChainConfig#expectedChainId()}.
   *
   * @throws ChainException if it differs from a non-zero expected id
   */
  public synchronized long chainId() throws ChainException {
    if (chainId < 0) {
      long reported =
          rpc.call("eth_chainId", rpc.web3j().ethChainId()).getChainId().longValueExact();
      if (config.expectedChainId() != 0 && reported != config.expectedChainId()) {
        throw new ChainException(
            "wrong chain [endpoint: "
                + rpc.endpoint()
                + ", expected chain id: "
                + config.expectedChainId()
                + ", reported: "
                + reported
                + "]");
      }
      chainId = reported;
      LOG.info(
          "connected to chain [endpoint: {}, chain id: {}, account: {}, gas mode: {}]",
          rpc.endpoint(),
          chainId,
          accountAddress(),
          config.gasMode());
    }
    return chainId;
  }

  /**
   * Deploys a new {@code Anchor} contract from the committed artifact, owned by this client's
   * account, and uses it from then on. Dev mode and tests; production deploys once and configures
   * {@link ChainConfig#contractAddress()}.
   *
   * @return the new contract's address
   */
  public synchronized String deploy() throws ChainException {
    AnchorArtifact artifact = AnchorArtifact.committed();
    String data = artifact.bytecode();
    BigInteger gas = estimateGas(null, data);
    TransactionReceipt receipt = sender().send("deploy Anchor", "", data, gas);
    if (!receipt.isStatusOK() || receipt.getContractAddress() == null) {
      throw new AnchorRejectedException(
          "DeployFailed", "contract creation failed [tx: " + receipt.getTransactionHash() + "]");
    }
    contract = normalise(receipt.getContractAddress(), "contract");
    contractChecked = true;
    // No event of this contract can precede its creation.
    logsFromBlock = receipt.getBlockNumber().longValueExact();
    LOG.info(
        "deployed Anchor contract [address: {}, tx: {}, block: {}, evm: {}, owner: {}]",
        contract,
        receipt.getTransactionHash(),
        receipt.getBlockNumber(),
        artifact.evmVersion(),
        accountAddress());
    return contract;
  }

  /**
   * Anchors {@code root32} as the log root at {@code treeSize} and returns where it landed. If the
   * size is already anchored with the same root (an earlier attempt succeeded), returns that
   * anchoring without sending anything.
   *
   * @throws AnchorRejectedException {@code NotWriter}, {@code TreeSizeNotIncreasing} (a larger size
   *     is anchored), {@code ConflictingRoot} (this size is anchored with another root), or {@code
   *     TransactionRejected} (the node refused, e.g. account not allowlisted)
   * @throws ChainUnavailableException the chain could not be reached or did not mine in time; call
   *     again later
   */
  public AnchorResult anchor(long treeSize, byte[] root32) throws ChainException {
    if (treeSize < 1) {
      throw new IllegalArgumentException("tree size must be positive");
    }
    Hash root = Hash.of(root32);
    String address = requireContract();
    long latest = latestTreeSize();
    if (latest >= treeSize) {
      return existingAnchor(treeSize, root, latest);
    }
    String data = AnchorContract.anchor(treeSize, root32);
    simulate(data);
    TransactionReceipt receipt =
        sender().send("anchor " + treeSize, address, data, gasLimit(address, data));
    if (!receipt.isStatusOK()) {
      throw revertOf(data, receipt);
    }
    AnchorResult result = result(treeSize, root, receipt.getTransactionHash(), receipt);
    LOG.info(
        "anchored checkpoint [tree size: {}, root: {}, tx: {}, block: {}, gas used: {}]",
        treeSize,
        root,
        result.txHash(),
        result.blockNumber(),
        result.gasUsed());
    return result;
  }

  /** Where {@code treeSize} was anchored, from its {@code Anchored} event; empty if it was not. */
  public Optional<AnchorResult> findAnchor(long treeSize) throws ChainException {
    String address = requireContract();
    // A size is anchored at most once, so the first event found is the only one.
    Optional<Log> found =
        anchoredEvents(address, AnchorContract.treeSizeTopic(treeSize), true).stream().findFirst();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Log log = found.get();
    AnchorContract.AnchoredEvent event = AnchorContract.decodeAnchored(log);
    TransactionReceipt receipt =
        rpc.call(
                "eth_getTransactionReceipt",
                rpc.web3j().ethGetTransactionReceipt(log.getTransactionHash()))
            .getTransactionReceipt()
            .orElseThrow(() -> new ChainException("no receipt for an Anchored log"));
    return Optional.of(
        result(event.treeSize(), Hash.of(event.root()), log.getTransactionHash(), receipt));
  }

  /** One {@code Anchored} event: the tree size, its root and the block that recorded it. */
  public record AnchoredLog(long treeSize, Hash root, long blockNumber) {}

  /**
   * Every {@code Anchored} event of the contract, in increasing tree size (the contract only
   * accepts increasing sizes, so this is also chain order): a verifier's view of when each tree
   * size reached the chain. Read in windows of {@link ChainConfig#logsBlockSpan()} blocks up to the
   * block that is latest when the call starts.
   */
  public List<AnchoredLog> anchoredLogs() throws ChainException {
    String address = requireContract();
    List<AnchoredLog> out = new ArrayList<>();
    for (Log log : anchoredEvents(address, null, false)) {
      AnchorContract.AnchoredEvent event = AnchorContract.decodeAnchored(log);
      out.add(
          new AnchoredLog(
              event.treeSize(), Hash.of(event.root()), log.getBlockNumber().longValueExact()));
    }
    out.sort(Comparator.comparingLong(AnchoredLog::treeSize));
    return out;
  }

  /**
   * The contract's {@code Anchored} logs (not removed ones) in chain order, optionally only those
   * with {@code treeSizeTopic}, from {@link ChainConfig#logsFromBlock()} (or the block this client
   * deployed the contract in) to the latest block, one {@code eth_getLogs} per window of {@link
   * ChainConfig#logsBlockSpan()} blocks: nodes cap the range of one request.
   */
  private List<Log> anchoredEvents(String address, String treeSizeTopic, boolean firstOnly)
      throws ChainException {
    long latest = blockNumber();
    List<Log> found = new ArrayList<>();
    for (BlockWindows.Window window :
        BlockWindows.between(logsFromBlock, latest, config.logsBlockSpan())) {
      EthFilter filter =
          new EthFilter(
              DefaultBlockParameter.valueOf(BigInteger.valueOf(window.from())),
              DefaultBlockParameter.valueOf(BigInteger.valueOf(window.to())),
              address);
      filter.addSingleTopic(AnchorContract.ANCHORED_TOPIC);
      if (treeSizeTopic != null) {
        filter.addSingleTopic(treeSizeTopic);
      }
      EthLog logs = rpc.call("eth_getLogs", rpc.web3j().ethGetLogs(filter));
      for (EthLog.LogResult<?> entry : logs.getLogs()) {
        if (entry.get() instanceof Log log && !log.isRemoved()) {
          found.add(log);
          if (firstOnly) {
            return found;
          }
        }
      }
    }
    return found;
  }

  /** The timestamp of block {@code number}. */
  public Instant blockTime(long number) throws ChainException {
    BigInteger timestamp =
        rpc.call(
                "eth_getBlockByNumber",
                rpc.web3j()
                    .ethGetBlockByNumber(
                        DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false))
            .getBlock()
            .getTimestamp();
    return Instant.ofEpochSecond(timestamp.longValueExact());
  }

  /** The root anchored at {@code treeSize}; empty if that size was never anchored. */
  public Optional<byte[]> rootOf(long treeSize) throws ChainException {
    byte[] root = AnchorContract.decodeBytes32(read(AnchorContract.rootOf(treeSize)));
    return isZero(root) ? Optional.empty() : Optional.of(root);
  }

  /** The largest anchored tree size; 0 before the first anchor. */
  public long latestTreeSize() throws ChainException {
    return AnchorContract.decodeUint64(read(AnchorContract.latestTreeSize()));
  }

  /** Whether {@code account} may anchor. */
  public boolean isWriter(String account) throws ChainException {
    return AnchorContract.decodeBool(read(AnchorContract.isWriter(normalise(account, "account"))));
  }

  /** The contract's owner (lower-case hex). */
  public String owner() throws ChainException {
    return AnchorContract.decodeAddress(read(AnchorContract.owner()));
  }

  /** Allowlists {@code account} as a writer (owner only); returns the transaction hash. */
  public String addWriter(String account) throws ChainException {
    return admin("addWriter", AnchorContract.addWriter(normalise(account, "account")));
  }

  /** Removes {@code account} from the writers (owner only); returns the transaction hash. */
  public String removeWriter(String account) throws ChainException {
    return admin("removeWriter", AnchorContract.removeWriter(normalise(account, "account")));
  }

  /** Hands the contract to {@code newOwner} (owner only); returns the transaction hash. */
  public String transferOwnership(String newOwner) throws ChainException {
    return admin(
        "transferOwnership", AnchorContract.transferOwnership(normalise(newOwner, "owner")));
  }

  /** The chain's current block number. */
  public long blockNumber() throws ChainException {
    return rpc.call("eth_blockNumber", rpc.web3j().ethBlockNumber())
        .getBlockNumber()
        .longValueExact();
  }

  @Override
  public void close() {
    rpc.close();
  }

  private AnchorResult existingAnchor(long treeSize, Hash root, long latest) throws ChainException {
    Optional<byte[]> onChain = rootOf(treeSize);
    if (onChain.isEmpty()) {
      throw new AnchorRejectedException(
          "TreeSizeNotIncreasing",
          "TreeSizeNotIncreasing(latestTreeSize=" + latest + ", treeSize=" + treeSize + ")");
    }
    if (!Hash.of(onChain.get()).equals(root)) {
      throw new AnchorRejectedException(
          "ConflictingRoot",
          "tree size "
              + treeSize
              + " is anchored with root "
              + Hash.of(onChain.get())
              + ", not "
              + root);
    }
    AnchorResult existing =
        findAnchor(treeSize)
            .orElseThrow(
                () -> new ChainException("root is stored but no Anchored event for " + treeSize));
    LOG.info(
        "checkpoint already anchored [tree size: {}, tx: {}, block: {}]",
        treeSize,
        existing.txHash(),
        existing.blockNumber());
    return existing;
  }

  private String admin(String what, String data) throws ChainException {
    String address = requireContract();
    simulate(data);
    TransactionReceipt receipt = sender().send(what, address, data, gasLimit(address, data));
    if (!receipt.isStatusOK()) {
      throw revertOf(data, receipt);
    }
    LOG.info(
        "contract admin call mined [call: {}, tx: {}, block: {}]",
        what,
        receipt.getTransactionHash(),
        receipt.getBlockNumber());
    return receipt.getTransactionHash();
  }

  private AnchorResult result(long treeSize, Hash root, String txHash, TransactionReceipt receipt)
      throws ChainException {
    BigInteger number = receipt.getBlockNumber();
    Instant blockTime = blockTime(number.longValueExact());
    return new AnchorResult(
        chainId(),
        contract,
        treeSize,
        root,
        txHash,
        number.longValueExact(),
        blockTime,
        receipt.getGasUsed().longValueExact());
  }

  /** Runs {@code data} as an {@code eth_call} from our account; a revert becomes the exception. */
  private void simulate(String data) throws ChainException {
    EthCall call = ethCall(data);
    Optional<AnchorRejectedException> revert = revertIn(call);
    if (revert.isPresent()) {
      throw revert.get();
    }
    if (call.hasError()) {
      throw new ChainException("eth_call failed [error: " + call.getError().getMessage() + "]");
    }
  }

  /** {@code data} as an {@code eth_call} from our account against the latest block. */
  private EthCall ethCall(String data) throws ChainException {
    return rpc.send(
        "eth_call",
        rpc.web3j()
            .ethCall(
                Transaction.createEthCallTransaction(accountAddress(), contract, data),
                DefaultBlockParameterName.LATEST));
  }

  private AnchorRejectedException revertOf(String data, TransactionReceipt receipt)
      throws ChainException {
    // Receipts carry no revert data; replaying the call usually reproduces the reason.
    EthCall replay = ethCall(data);
    return revertIn(replay)
        .orElseGet(
            () ->
                new AnchorRejectedException(
                    "Reverted", "transaction reverted [tx: " + receipt.getTransactionHash() + "]"));
  }

  private static Optional<AnchorRejectedException> revertIn(EthCall call) {
    Optional<AnchorContract.Revert> decoded =
        call.hasError()
            ? AnchorContract.decodeRevert(call.getError().getData())
                .or(() -> AnchorContract.decodeRevert(call.getError().getMessage()))
            : AnchorContract.decodeRevert(call.getValue()).filter(r -> call.isReverted());
    if (decoded.isPresent()) {
      return Optional.of(
          new AnchorRejectedException(decoded.get().name(), decoded.get().description()));
    }
    if (call.hasError()
        && call.getError().getMessage() != null
        && call.getError().getMessage().toLowerCase(Locale.ROOT).contains("revert")) {
      return Optional.of(new AnchorRejectedException("Reverted", call.getError().getMessage()));
    }
    return Optional.empty();
  }

  private String read(String data) throws ChainException {
    String address = requireContract();
    return rpc.call(
            "eth_call",
            rpc.web3j()
                .ethCall(
                    Transaction.createEthCallTransaction(accountAddress(), address, data),
                    DefaultBlockParameterName.LATEST))
        .getValue();
  }

  private BigInteger gasLimit(String to, String data) throws ChainException {
    return config.gasLimit() > 0 ? BigInteger.valueOf(config.gasLimit()) : estimateGas(to, data);
  }

  private BigInteger estimateGas(String to, String data) throws ChainException {
    Transaction tx =
        to == null
            ? Transaction.createContractTransaction(accountAddress(), null, null, data)
            : Transaction.createEthCallTransaction(accountAddress(), to, data);
    EthEstimateGas estimate = rpc.call("eth_estimateGas", rpc.web3j().ethEstimateGas(tx));
    return estimate
        .getAmountUsed()
        .multiply(ESTIMATE_MARGIN_PERCENT)
        .divide(BigInteger.valueOf(100));
  }

  private synchronized TransactionSender sender() throws ChainException {
    if (sender == null) {
      sender = new TransactionSender(rpc, config, credentials, chainId());
    }
    return sender;
  }

  private String requireContract() throws ChainException {
    String address = contract;
    if (address == null) {
      throw new IllegalStateException("no Anchor contract configured; deploy() one first");
    }
    if (!contractChecked) {
      chainId();
      String code =
          rpc.call("eth_getCode", rpc.web3j().ethGetCode(address, DefaultBlockParameterName.LATEST))
              .getCode();
      if (code == null || code.equals("0x") || code.isEmpty()) {
        throw new ChainException("no contract code at " + address + " on chain " + chainId());
      }
      contractChecked = true;
    }
    return address;
  }

  private static String normalise(String address, String what) {
    if (!WalletUtils.isValidAddress(address)) {
      throw new IllegalArgumentException("not an address: " + what);
    }
    String hex = address.toLowerCase(Locale.ROOT);
    return hex.startsWith("0x") ? hex : "0x" + hex;
  }

  private static boolean isZero(byte[] bytes) {
    return Arrays.equals(bytes, new byte[bytes.length]);
  }
}
