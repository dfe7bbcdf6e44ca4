package io.vigil.anchoring.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Anchor contract on a real anvil chain (Shanghai, as on Besu), through {@link AnchorClient}.
 */
class AnchorContractIT {

  private static AnvilProcess anvil;

  private AnchorClient owner;
  private AnchorClient writer;
  private AnchorClient stranger;

  @BeforeAll
  static void startAnvil() throws Exception {
    anvil = AnvilProcess.builder().hardfork("shanghai").start();
  }

  @AfterAll
  static void stopAnvil() {
    if (anvil != null) {
      anvil.close();
    }
  }

  @BeforeEach
  void deployFreshContract() throws Exception {
    owner = client(0, null);
    String contract = owner.deploy();
    writer = client(1, contract);
    stranger = client(2, contract);
  }

  @AfterEach
  void closeClients() {
    owner.close();
    writer.close();
    stranger.close();
  }

  static AnchorClient client(int account, String contract) {
    return new AnchorClient(
        ChainConfig.defaults(anvil.rpcUrl(), anvil.devOnlyPrivateKey(account))
            .withGasMode(GasMode.EIP1559)
            .withExpectedChainId(AnvilProcess.CHAIN_ID)
            .withContractAddress(contract));
  }

  static byte[] root(String label) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void deployerOwnsAnEmptyContract() throws Exception {
    assertThat(owner.owner()).isEqualTo(owner.accountAddress());
    assertThat(owner.latestTreeSize()).isZero();
    assertThat(owner.rootOf(1)).isEmpty();
    assertThat(owner.isWriter(writer.accountAddress())).isFalse();
    assertThat(owner.chainId()).isEqualTo(31337);
  }

  @Test
  void writerAnchorsIncreasingSizesAndEveryoneCanReadThem() throws Exception {
    owner.addWriter(writer.accountAddress());
    assertThat(owner.isWriter(writer.accountAddress())).isTrue();

    AnchorResult five = writer.anchor(5, root("five"));
    AnchorResult nine = writer.anchor(9, root("nine"));

    assertThat(stranger.latestTreeSize()).isEqualTo(9);
    assertThat(stranger.rootOf(5)).hasValueSatisfying(r -> assertThat(r).isEqualTo(root("five")));
    assertThat(stranger.rootOf(9)).hasValueSatisfying(r -> assertThat(r).isEqualTo(root("nine")));
    assertThat(stranger.rootOf(7)).isEmpty();

    assertThat(nine.blockNumber()).isGreaterThan(five.blockNumber());
    assertThat(nine.chainId()).isEqualTo(AnvilProcess.CHAIN_ID);
    assertThat(nine.contractAddress()).isEqualTo(writer.contractAddress().orElseThrow());
    assertThat(nine.root().bytes()).isEqualTo(root("nine"));
    assertThat(nine.gasUsed()).isPositive();
    assertThat(nine.blockTime()).isAfter(java.time.Instant.parse("2025-01-01T00:00:00Z"));

    // The event is on-chain: anyone finds the anchoring of size 5 by its indexed tree size.
    Optional<AnchorResult> found = stranger.findAnchor(5);
    assertThat(found).hasValue(five);
    // ... and every anchoring at once, in tree-size order, with its block and that block's time.
    assertThat(stranger.anchoredLogs())
        .containsExactly(
            new AnchorClient.AnchoredLog(5, five.root(), five.blockNumber()),
            new AnchorClient.AnchoredLog(9, nine.root(), nine.blockNumber()));
    assertThat(stranger.blockTime(nine.blockNumber())).isEqualTo(nine.blockTime());
    JsonNode receipt = RawRpc.call(anvil.rpcUrl(), "eth_getTransactionReceipt", nine.txHash());
    JsonNode log = receipt.get("logs").get(0);
    assertThat(log.get("topics").get(0).asText()).isEqualTo(AnchorContract.ANCHORED_TOPIC);
    assertThat(log.get("topics").get(1).asText()).isEqualTo(AnchorContract.treeSizeTopic(9));
  }

  @Test
  void unauthorisedWriterIsRevertedWithNotWriter() throws Exception {
    assertThatThrownBy(() -> stranger.anchor(5, root("five")))
        .isInstanceOfSatisfying(
            AnchorRejectedException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo("NotWriter");
              assertThat(e.reason())
                  .isEqualTo("NotWriter(caller=" + stranger.accountAddress() + ")");
            });
    assertThat(owner.latestTreeSize()).isZero();
  }

  @Test
  void contractRevertsNonIncreasingSizes() throws Exception {
    owner.addWriter(writer.accountAddress());
    writer.anchor(9, root("nine"));
    String contract = writer.contractAddress().orElseThrow();

    // Straight to the contract, past the client's own checks: 9 again, then 7.
    for (long size : new long[] {9, 7}) {
      JsonNode error =
          RawRpc.callError(
              anvil.rpcUrl(),
              writer.accountAddress(),
              contract,
              AnchorContract.anchor(size, root("other")));
      assertThat(AnchorContract.decodeRevert(error.toString()))
          .hasValue(
              new AnchorContract.Revert(
                  "TreeSizeNotIncreasing",
                  "TreeSizeNotIncreasing(latestTreeSize=9, treeSize=" + size + ")"));
    }
    // Through the client: a smaller size is refused with the same error.
    assertThatThrownBy(() -> writer.anchor(7, root("seven")))
        .isInstanceOfSatisfying(
            AnchorRejectedException.class,
            e -> assertThat(e.errorName()).isEqualTo("TreeSizeNotIncreasing"));
    // Same size with another root is a conflict, not a silent success.
    assertThatThrownBy(() -> writer.anchor(9, root("other")))
        .isInstanceOfSatisfying(
            AnchorRejectedException.class,
            e -> assertThat(e.errorName()).isEqualTo("ConflictingRoot"));
  }

  @Test
  void zeroRootIsRejected() throws Exception {
    owner.addWriter(writer.accountAddress());
    assertThatThrownBy(() -> writer.anchor(3, new byte[32]))
        .isInstanceOfSatisfying(
            AnchorRejectedException.class, e -> assertThat(e.errorName()).isEqualTo("ZeroRoot"));
  }

  @Test
  void removedWriterIsRevertedAgain() throws Exception {
    owner.addWriter(writer.accountAddress());
    writer.anchor(5, root("five"));
    owner.removeWriter(writer.accountAddress());
    assertThat(owner.isWriter(writer.accountAddress())).isFalse();
    assertThatThrownBy(() -> writer.anchor(6, root("six")))
        .isInstanceOfSatisfying(
            AnchorRejectedException.class, e -> assertThat(e.errorName()).isEqualTo("NotWriter"));
    assertThat(owner.latestTreeSize()).isEqualTo(5);
  }

  @Test
  void onlyTheOwnerManagesWritersAndOwnership() throws Exception {
    assertThatThrownBy(() -> stranger.addWriter(stranger.accountAddress()))
        .isInstanceOfSatisfying(
            AnchorRejectedException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo("NotOwner");
              assertThat(e.reason()).contains(stranger.accountAddress());
            });
    owner.transferOwnership(stranger.accountAddress());
    assertThat(owner.owner()).isEqualTo(stranger.accountAddress());
    stranger.addWriter(writer.accountAddress());
    assertThatThrownBy(() -> owner.addWriter(owner.accountAddress()))
        .isInstanceOfSatisfying(
            AnchorRejectedException.class, e -> assertThat(e.errorName()).isEqualTo("NotOwner"));
    assertThat(writer.anchor(1, root("one")).treeSize()).isEqualTo(1);
  }
}
