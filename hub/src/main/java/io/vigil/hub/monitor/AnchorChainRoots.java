package io.vigil.hub.monitor;

import io.vigil.anchoring.chain.AnchorClient;
import io.vigil.anchoring.chain.ChainConfig;
import io.vigil.anchoring.chain.ChainException;
import io.vigil.anchoring.merkle.Hash;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link ChainRoots} over JSON-RPC with the web3j {@link AnchorClient}; reads only. */
public final class AnchorChainRoots implements ChainRoots, AutoCloseable {
  private final ChainConfig base;
  private final Map<String, AnchorClient> clients = new HashMap<>();

  /** Reads Anchor contracts through the JSON-RPC endpoint {@code rpcUrl}. */
  public AnchorChainRoots(String rpcUrl) {
    // Reading the chain needs no funded account: a throwaway key only satisfies the client.
    String throwaway = new BigInteger(256, new SecureRandom()).setBit(255).toString(16);
    this.base =
        ChainConfig.defaults(rpcUrl, throwaway)
            .withTiming(Duration.ofSeconds(30), Duration.ofMillis(250), Duration.ofSeconds(2), 3);
  }

  @Override
  public Optional<Hash> rootOf(String contract, long treeSize) throws ChainException {
    return client(contract).rootOf(treeSize).map(Hash::of);
  }

  @Override
  public long latestTreeSize(String contract) throws ChainException {
    return client(contract).latestTreeSize();
  }

  @Override
  public OptionalLong anchoredBlock(String contract, long treeSize) throws ChainException {
    return client(contract)
        .findAnchor(treeSize)
        .map(a -> OptionalLong.of(a.blockNumber()))
        .orElse(OptionalLong.empty());
  }

  private synchronized AnchorClient client(String contract) {
    return clients.computeIfAbsent(
        contract.toLowerCase(Locale.ROOT),
        c -> new AnchorClient(base.withContractAddress(contract)));
  }

  @Override
  public synchronized void close() {
    clients.values().forEach(AnchorClient::close);
    clients.clear();
  }
}
