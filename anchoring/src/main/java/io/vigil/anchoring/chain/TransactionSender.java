package io.vigil.anchoring.chain;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthMaxPriorityFeePerGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Signs, broadcasts and sees through one transaction at a time: nonce from {@link NonceTracker},
 * price from the {@link GasMode}, a replacement with the same nonce and fees raised ≥10% when it is
 * not mined within the receipt timeout (a re-broadcast in FREE mode), and a wait for the configured
 * confirmations.
 *
 * <p>A transaction still unmined when a call gives up is remembered: the next call reuses its nonce
 * with higher fees, so the newest anchor replaces a stuck older one instead of queueing behind it.
 */
final class TransactionSender {

  private static final Logger LOG = LoggerFactory.getLogger(TransactionSender.class);

  private record InFlight(long nonce, Fees fees) {}

  private final Rpc rpc;
  private final ChainConfig config;
  private final Credentials credentials;
  private final long chainId;
  private final NonceTracker nonces;
  private final Duration pollInterval;
  private InFlight inFlight;

  TransactionSender(Rpc rpc, ChainConfig config, Credentials credentials, long chainId) {
    this.rpc = rpc;
    this.config = config;
    this.credentials = credentials;
    this.chainId = chainId;
    this.nonces = new NonceTracker(() -> transactionCount(DefaultBlockParameterName.PENDING));
    long poll = Math.max(20, Math.min(200, config.receiptTimeout().toMillis() / 10));
    this.pollInterval = Duration.ofMillis(poll);
  }

  /**
   * Sends a transaction calling {@code to} (or creating a contract when {@code to} is empty) and
   * returns its receipt once confirmed; the receipt's status is the caller's to check.
   */
  synchronized TransactionReceipt send(String what, String to, String data, BigInteger gasLimit)
      throws ChainException {
    long nonce;
    Fees fees;
    if (inFlight != null
        && config.gasMode() != GasMode.FREE
        && transactionCount(DefaultBlockParameterName.LATEST) <= inFlight.nonce()) {
      nonce = inFlight.nonce();
      fees = inFlight.fees().bumpedOver(marketFees());
      LOG.info(
          "replacing unmined transaction from an earlier attempt [what: {}, nonce: {}, fees: {}]",
          what,
          nonce,
          fees);
    } else {
      inFlight = null;
      nonce = nonces.peek();
      fees = marketFees();
    }
    List<String> hashes = new ArrayList<>();
    for (int broadcasts = 1; ; broadcasts++) {
      String signed = sign(nonce, fees, gasLimit, to, data);
      String hash = Hash.sha3(signed);
      EthSendTransaction sent =
          rpc.send("eth_sendRawTransaction", rpc.web3j().ethSendRawTransaction(signed));
      if (sent.hasError()) {
        String message = sent.getError().getMessage();
        SendError kind = SendError.classify(message);
        LOG.debug(
            "transaction not accepted [what: {}, nonce: {}, kind: {}, node says: {}]",
            what,
            nonce,
            kind,
            message);
        if (kind == SendError.REJECTED) {
          throw new AnchorRejectedException("TransactionRejected", message);
        }
        if (kind == SendError.NONCE_TOO_LOW) {
          Optional<TransactionReceipt> mined = findReceipt(hashes);
          if (mined.isPresent()) {
            return awaitConfirmations(what, mined.get(), hashes);
          }
          inFlight = null;
          nonce = nonces.resync();
          fees = marketFees();
          LOG.warn("nonce too low, resynchronised [what: {}, nonce: {}]", what, nonce);
          checkBudget(what, broadcasts);
          continue;
        }
        if (kind == SendError.UNDERPRICED) {
          checkBudget(what, broadcasts);
          if (config.gasMode() == GasMode.FREE) {
            // A free transaction cannot outbid another one with this nonce: take the next nonce.
            nonce = nonces.resync();
          } else {
            fees = fees.bumpedOver(marketFees());
          }
          LOG.warn(
              "replacement underpriced, raising [what: {}, nonce: {}, fees: {}]",
              what,
              nonce,
              fees);
          continue;
        }
        // ALREADY_KNOWN: the node has exactly this transaction; wait for it like any other.
      }
      if (!hashes.contains(hash)) {
        hashes.add(hash);
      }
      nonces.used(nonce);
      inFlight = new InFlight(nonce, fees);
      LOG.info(
          "transaction sent [what: {}, tx: {}, nonce: {}, fees: {}, broadcast: {}]",
          what,
          hash,
          nonce,
          fees,
          broadcasts);
      Optional<TransactionReceipt> receipt = awaitReceipt(hashes, config.receiptTimeout());
      if (receipt.isPresent()) {
        return awaitConfirmations(what, receipt.get(), hashes);
      }
      checkBudget(what, broadcasts);
      if (transactionCount(DefaultBlockParameterName.LATEST) > nonce) {
        receipt = findReceipt(hashes);
        if (receipt.isPresent()) {
          return awaitConfirmations(what, receipt.get(), hashes);
        }
        // Someone else used the nonce (another process with the same key): start over.
        inFlight = null;
        nonce = nonces.resync();
        fees = marketFees();
        LOG.warn(
            "nonce taken by another transaction, resending [what: {}, nonce: {}]", what, nonce);
        continue;
      }
      fees = fees.bumpedOver(marketFees());
      LOG.warn(
          "transaction not mined in time, {} [what: {}, tx: {}, nonce: {}, waited: {} ms, fees: {}]",
          config.gasMode() == GasMode.FREE ? "re-broadcasting" : "replacing",
          what,
          hash,
          nonce,
          config.receiptTimeout().toMillis(),
          fees);
    }
  }

  /** Prices the market asks now for a new transaction in the configured mode. */
  Fees marketFees() throws ChainException {
    return switch (config.gasMode()) {
      case FREE -> Fees.free();
      case LEGACY -> Fees.legacy(rpc.call("eth_gasPrice", rpc.web3j().ethGasPrice()).getGasPrice());
      case EIP1559 -> {
        EthBlock.Block head =
            rpc.call(
                    "eth_getBlockByNumber",
                    rpc.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false))
                .getBlock();
        BigInteger baseFee =
            head.getBaseFeePerGasRaw() == null ? BigInteger.ZERO : head.getBaseFeePerGas();
        EthMaxPriorityFeePerGas tip =
            rpc.send("eth_maxPriorityFeePerGas", rpc.web3j().ethMaxPriorityFeePerGas());
        BigInteger priority =
            tip.hasError() ? BigInteger.valueOf(1_000_000_000L) : tip.getMaxPriorityFeePerGas();
        yield Fees.eip1559(baseFee, priority);
      }
    };
  }

  private String sign(long nonce, Fees fees, BigInteger gasLimit, String to, String data) {
    BigInteger n = BigInteger.valueOf(nonce);
    RawTransaction tx =
        switch (fees.mode()) {
          case FREE, LEGACY ->
              to.isEmpty()
                  ? RawTransaction.createContractTransaction(
                      n, fees.gasPrice(), gasLimit, BigInteger.ZERO, data)
                  : RawTransaction.createTransaction(
                      n, fees.gasPrice(), gasLimit, to, BigInteger.ZERO, data);
          case EIP1559 ->
              RawTransaction.createTransaction(
                  chainId,
                  n,
                  gasLimit,
                  to,
                  BigInteger.ZERO,
                  data,
                  fees.maxPriorityFee(),
                  fees.maxFeePerGas());
        };
    return Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, credentials));
  }

  private Optional<TransactionReceipt> awaitReceipt(List<String> hashes, Duration timeout)
      throws ChainException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<TransactionReceipt> receipt = findReceipt(hashes);
      if (receipt.isPresent() || System.nanoTime() - deadline >= 0) {
        return receipt;
      }
      Rpc.sleep(pollInterval);
    }
  }

  /** Waits until {@code confirmations} blocks include or follow the receipt's block. */
  private TransactionReceipt awaitConfirmations(
      String what, TransactionReceipt receipt, List<String> hashes) throws ChainException {
    inFlight = null;
    TransactionReceipt current = receipt;
    long deadline = System.nanoTime() + config.receiptTimeout().toNanos() * config.confirmations();
    while (true) {
      long head =
          rpc.call("eth_blockNumber", rpc.web3j().ethBlockNumber())
              .getBlockNumber()
              .longValueExact();
      long depth = head - current.getBlockNumber().longValueExact() + 1;
      if (depth >= config.confirmations()) {
        // Re-read: a reorganisation may have moved or dropped the transaction meanwhile.
        Optional<TransactionReceipt> again = findReceipt(hashes);
        if (again.isPresent() && again.get().getBlockHash().equals(current.getBlockHash())) {
          LOG.info(
              "transaction confirmed [what: {}, tx: {}, block: {}, confirmations: {}]",
              what,
              current.getTransactionHash(),
              current.getBlockNumber(),
              depth);
          return current;
        }
        if (again.isEmpty()) {
          throw new ChainUnavailableException(
              what + " left the chain after inclusion (reorganisation); send again");
        }
        current = again.get();
        continue;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new ChainUnavailableException(
            what + " did not reach " + config.confirmations() + " confirmations in time");
      }
      Rpc.sleep(pollInterval);
    }
  }

  private Optional<TransactionReceipt> findReceipt(List<String> hashes) throws ChainException {
    for (String hash : hashes) {
      Optional<TransactionReceipt> receipt =
          rpc.call("eth_getTransactionReceipt", rpc.web3j().ethGetTransactionReceipt(hash))
              .getTransactionReceipt();
      if (receipt.isPresent() && receipt.get().getBlockNumberRaw() != null) {
        return receipt;
      }
    }
    return Optional.empty();
  }

  private long transactionCount(DefaultBlockParameterName block) throws ChainException {
    return rpc.call(
            "eth_getTransactionCount",
            rpc.web3j().ethGetTransactionCount(credentials.getAddress(), block))
        .getTransactionCount()
        .longValueExact();
  }

  private void checkBudget(String what, int broadcasts) throws ChainUnavailableException {
    if (broadcasts >= config.retryAttempts()) {
      throw new ChainUnavailableException(
          what + " not mined after " + broadcasts + " broadcasts (will replace on the next call)");
    }
  }
}
