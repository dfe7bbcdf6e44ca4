package io.vigil.anchoring.chain;

import static io.vigil.anchoring.chain.AnchorContractIT.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transaction handling of {@link AnchorClient} on anvil: idempotence, gas modes, nonce resync,
 * replacement of stuck and dropped transactions, and an outage followed by recovery.
 */
class AnchorClientIT {

  private static final String OWNER_KEY = AnvilProcess.DEV_ONLY_PRIVATE_KEYS.get(0);

  /** Deploys as account 0, which also becomes a writer. */
  private static ChainConfig deployed(AnvilProcess anvil, GasMode mode) throws Exception {
    ChainConfig config =
        ChainConfig.defaults(anvil.rpcUrl(), OWNER_KEY)
            .withGasMode(mode)
            .withTiming(Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofMillis(200), 4);
    try (AnchorClient owner = new AnchorClient(config)) {
      String contract = owner.deploy();
      owner.addWriter(owner.accountAddress());
      return config.withContractAddress(contract);
    }
  }

  private static long nonce(AnvilProcess anvil, String account) {
    return RawRpc.nonce(anvil.rpcUrl(), account, "latest");
  }

  @Test
  void reAnchoringAnAnchoredSizeReturnsTheOriginalWithoutANewTransaction() throws Exception {
    try (AnvilProcess anvil = AnvilProcess.builder().start()) {
      ChainConfig config = deployed(anvil, GasMode.EIP1559);
      try (AnchorClient client = new AnchorClient(config)) {
        AnchorResult first = client.anchor(5, root("five"));
        long nonceAfterFirst = nonce(anvil, client.accountAddress());

        // A restarted hub (new client) retries the same checkpoint: nothing is sent.
        try (AnchorClient restarted = new AnchorClient(config)) {
          assertThat(restarted.anchor(5, root("five"))).isEqualTo(first);
        }
        assertThat(client.anchor(5, root("five"))).isEqualTo(first);
        assertThat(nonce(anvil, client.accountAddress())).isEqualTo(nonceAfterFirst);
      }
    }
  }

  @Test
  void gasModesSendTheMatchingTransactionTypes() throws Exception {
    try (AnvilProcess anvil = AnvilProcess.builder().start()) {
      ChainConfig config = deployed(anvil, GasMode.EIP1559);
      try (AnchorClient eip1559 = new AnchorClient(config);
          AnchorClient legacy = new AnchorClient(config.withGasMode(GasMode.LEGACY))) {
        JsonNode typed = tx(anvil, eip1559.anchor(5, root("five")).txHash());
        assertThat(typed.get("type").asText()).isEqualTo("0x2");
        assertThat(typed.get("maxFeePerGas")).isNotNull();
        assertThat(typed.get("maxPriorityFeePerGas")).isNotNull();

        JsonNode plain = tx(anvil, legacy.anchor(6, root("six")).txHash());
        assertThat(plain.get("type").asText()).isEqualTo("0x0");
        assertThat(Long.decode(plain.get("gasPrice").asText())).isPositive();
        assertThat(Long.decode(plain.get("chainId").asText())).isEqualTo(AnvilProcess.CHAIN_ID);
      }
    }
  }

  @Test
  void freeGasModeSendsZeroPricedTransactions() throws Exception {
    // What Besu QBFT with zeroBaseFee and min-gas-price 0 accepts; anvil can be told to do the
    // same.
    try (AnvilProcess anvil =
        AnvilProcess.builder().args("--base-fee", "0", "--gas-price", "0").start()) {
      ChainConfig config = deployed(anvil, GasMode.FREE);
      try (AnchorClient client = new AnchorClient(config)) {
        AnchorResult result = client.anchor(5, root("five"));
        JsonNode sent = tx(anvil, result.txHash());
        assertThat(sent.get("type").asText()).isEqualTo("0x0");
        assertThat(Long.decode(sent.get("gasPrice").asText())).isZero();
        assertThat(client.latestTreeSize()).isEqualTo(5);
      }
    }
  }

  @Test
  void resynchronisesTheNonceWhenAnotherProcessUsedIt() throws Exception {
    try (AnvilProcess anvil = AnvilProcess.builder().start()) {
      ChainConfig config = deployed(anvil, GasMode.EIP1559);
      try (AnchorClient first = new AnchorClient(config);
          AnchorClient second = new AnchorClient(config)) {
        first.anchor(5, root("five")); // first now counts the next nonce locally
        second.anchor(6, root("six")); // ... which second uses behind its back
        AnchorResult seven = first.anchor(7, root("seven")); // nonce too low → resync → sent
        assertThat(seven.treeSize()).isEqualTo(7);
        assertThat(first.latestTreeSize()).isEqualTo(7);
      }
    }
  }

  @Test
  void replacesATransactionThatIsNotMinedInTimeWithHigherFees() throws Exception {
    try (AnvilProcess anvil = AnvilProcess.builder().start()) {
      ChainConfig config =
          deployed(anvil, GasMode.EIP1559)
              .withTiming(Duration.ofMillis(700), Duration.ofMillis(50), Duration.ofMillis(200), 6);
      try (AnchorClient client = new AnchorClient(config)) {
        long nonceBefore = nonce(anvil, client.accountAddress());
        RawRpc.call(anvil.rpcUrl(), "evm_setAutomine", false);
        CompletableFuture<AnchorResult> pending = anchorAsync(client, 5);

        JsonNode stuck = awaitPendingTransaction(anvil);
        BigInteger stuckMaxFee =
            new BigInteger(stuck.get("maxFeePerGas").asText().substring(2), 16);
        // The client times out and replaces it (same nonce, higher fees); then blocks resume.
        await()
            .atMost(10, TimeUnit.SECONDS)
            .until(() -> !stuck.get("hash").asText().equals(firstPendingHash(anvil)));
        RawRpc.call(anvil.rpcUrl(), "evm_setAutomine", true);
        RawRpc.call(anvil.rpcUrl(), "evm_mine");

        AnchorResult result = pending.get(20, TimeUnit.SECONDS);
        JsonNode mined = tx(anvil, result.txHash());
        assertThat(result.txHash()).isNotEqualTo(stuck.get("hash").asText());
        assertThat(new BigInteger(mined.get("maxFeePerGas").asText().substring(2), 16))
            .isGreaterThanOrEqualTo(
                stuckMaxFee.multiply(BigInteger.valueOf(11)).divide(BigInteger.TEN));
        assertThat(Long.decode(mined.get("nonce").asText())).isEqualTo(nonceBefore);
        assertThat(nonce(anvil, client.accountAddress())).isEqualTo(nonceBefore + 1);
        assertThat(client.rootOf(5)).isPresent();
      }
    }
  }

  @Test
  void reBroadcastsADroppedTransaction() throws Exception {
    try (AnvilProcess anvil =
        AnvilProcess.builder().args("--base-fee", "0", "--gas-price", "0").start()) {
      ChainConfig config =
          deployed(anvil, GasMode.FREE)
              .withTiming(Duration.ofMillis(700), Duration.ofMillis(50), Duration.ofMillis(200), 6);
      try (AnchorClient client = new AnchorClient(config)) {
        RawRpc.call(anvil.rpcUrl(), "evm_setAutomine", false);
        CompletableFuture<AnchorResult> pending = anchorAsync(client, 5);
        JsonNode sent = awaitPendingTransaction(anvil);

        // The node loses it (restart, pool eviction); mining resumes with an empty pool.
        RawRpc.call(anvil.rpcUrl(), "anvil_dropTransaction", sent.get("hash").asText());
        RawRpc.call(anvil.rpcUrl(), "evm_setAutomine", true);

        AnchorResult result = pending.get(20, TimeUnit.SECONDS);
        // FREE mode cannot bump a zero price: the very same transaction is broadcast again.
        assertThat(result.txHash()).isEqualTo(sent.get("hash").asText());
        assertThat(client.latestTreeSize()).isEqualTo(5);
      }
    }
  }

  @Test
  void outageEndsInChainUnavailableAndOneTransactionCatchesUpAfterwards(@TempDir Path dir)
      throws Exception {
    Path state = dir.resolve("anvil-state.json");
    ChainConfig config;
    int port;
    try (AnvilProcess anvil = AnvilProcess.builder().stateFile(state).start()) {
      port = anvil.port();
      config = deployed(anvil, GasMode.EIP1559);
      try (AnchorClient client = new AnchorClient(config)) {
        client.anchor(5, root("five"));
      }
    }
    try (AnchorClient client = new AnchorClient(config)) {
      // Chain down: retries with backoff, then a typed failure; nothing is lost on our side.
      assertThatThrownBy(() -> client.anchor(9, root("nine")))
          .isInstanceOf(ChainUnavailableException.class);
      assertThatThrownBy(client::latestTreeSize).isInstanceOf(ChainUnavailableException.class);

      // Back on the same endpoint with its state: the newest checkpoint (12) covers 9 as well.
      try (AnvilProcess anvil = AnvilProcess.builder().port(port).stateFile(state).start()) {
        assertThat(anvil.isAlive()).isTrue();
        assertThat(client.latestTreeSize()).isEqualTo(5);
        AnchorResult newest = client.anchor(12, root("twelve"));
        assertThat(newest.treeSize()).isEqualTo(12);
        assertThat(client.latestTreeSize()).isEqualTo(12);
        assertThat(client.rootOf(5)).isPresent();
        assertThat(client.rootOf(9)).isEmpty();
      }
    }
  }

  @Test
  void refusesAnUnexpectedChainId() throws Exception {
    try (AnvilProcess anvil = AnvilProcess.builder().start();
        AnchorClient client =
            new AnchorClient(
                ChainConfig.defaults(anvil.rpcUrl(), OWNER_KEY).withExpectedChainId(1337))) {
      assertThatThrownBy(client::chainId)
          .isInstanceOf(ChainException.class)
          .hasMessageContaining("expected chain id: 1337, reported: 31337");
    }
  }

  @Test
  void waitsForConfirmations() throws Exception {
    try (AnvilProcess anvil = AnvilProcess.builder().blockTime(Duration.ofSeconds(1)).start()) {
      ChainConfig config = deployed(anvil, GasMode.EIP1559).withConfirmations(2);
      try (AnchorClient client = new AnchorClient(config)) {
        AnchorResult result = client.anchor(5, root("five"));
        assertThat(client.blockNumber()).isGreaterThanOrEqualTo(result.blockNumber() + 1);
      }
    }
  }

  @Test
  void readsAnchoredEventsInBlockWindowsExactlyAsInOneRange() throws Exception {
    try (AnvilProcess anvil = AnvilProcess.builder().start()) {
      ChainConfig config = deployed(anvil, GasMode.EIP1559);
      List<Long> sizes = List.of(2L, 3L, 5L, 8L, 13L, 21L);
      try (AnchorClient writer = new AnchorClient(config)) {
        for (int i = 0; i < sizes.size(); i++) {
          writer.anchor(sizes.get(i), root("size " + sizes.get(i)));
          // Empty blocks between anchors (0, 1, 2, ... of them) put events on both edges and
          // inside windows of any small span.
          if (i > 0) {
            RawRpc.call(anvil.rpcUrl(), "anvil_mine", "0x" + Integer.toHexString(i));
          }
        }
      }
      ChainConfig oneRange = config.withLogsRange(1_000_000, 0);
      List<AnchorClient.AnchoredLog> expected;
      List<Optional<AnchorResult>> expectedFinds = new ArrayList<>();
      try (AnchorClient whole = new AnchorClient(oneRange)) {
        assertThat(whole.blockNumber()).isGreaterThan(20);
        expected = whole.anchoredLogs();
        for (long size = 1; size <= 22; size++) {
          expectedFinds.add(whole.findAnchor(size));
        }
      }
      assertThat(expected).extracting(AnchorClient.AnchoredLog::treeSize).isEqualTo(sizes);
      assertThat(expectedFinds).filteredOn(Optional::isPresent).hasSize(sizes.size());

      long deployedAt = expected.get(0).blockNumber() - 2; // deploy, addWriter, first anchor
      for (ChainConfig windowed :
          List.of(
              config.withLogsRange(1, 0),
              config.withLogsRange(2, 0),
              config.withLogsRange(3, 0),
              config.withLogsRange(2, deployedAt),
              config.withLogsRange(5, expected.get(0).blockNumber()))) {
        try (AnchorClient client = new AnchorClient(windowed)) {
          assertThat(client.anchoredLogs()).as(windowed.toString()).isEqualTo(expected);
          for (long size = 1; size <= 22; size++) {
            assertThat(client.findAnchor(size))
                .as("size %d, %s", size, windowed)
                .isEqualTo(expectedFinds.get((int) size - 1));
          }
        }
      }
      // Starting after the first event's block skips it: the start block is honoured.
      try (AnchorClient late =
          new AnchorClient(config.withLogsRange(2, expected.get(0).blockNumber() + 1))) {
        assertThat(late.anchoredLogs()).isEqualTo(expected.subList(1, expected.size()));
        assertThat(late.findAnchor(2)).isEmpty();
      }
    }
  }

  private static CompletableFuture<AnchorResult> anchorAsync(AnchorClient client, long size) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return client.anchor(size, root("size " + size));
          } catch (ChainException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static JsonNode awaitPendingTransaction(AnvilProcess anvil) {
    await().atMost(10, TimeUnit.SECONDS).until(() -> firstPendingHash(anvil) != null);
    return tx(anvil, firstPendingHash(anvil));
  }

  private static String firstPendingHash(AnvilProcess anvil) {
    JsonNode block = RawRpc.call(anvil.rpcUrl(), "eth_getBlockByNumber", "pending", false);
    JsonNode txs = block == null ? null : block.get("transactions");
    return txs == null || txs.isEmpty() ? null : txs.get(0).asText();
  }

  private static JsonNode tx(AnvilProcess anvil, String hash) {
    return RawRpc.call(anvil.rpcUrl(), "eth_getTransactionByHash", hash);
  }
}
