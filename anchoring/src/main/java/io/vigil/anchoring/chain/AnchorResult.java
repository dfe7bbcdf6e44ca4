package io.vigil.anchoring.chain;

import io.vigil.anchoring.merkle.Hash;
import java.time.Instant;
import java.util.Objects;

/**
 * Where and when a checkpoint root was anchored: everything a receipt needs to point a verifier at
 * the chain.
 *
 * @param chainId the chain's EIP-155 id
 * @param contractAddress the {@code Anchor} contract, lower-case hex with {@code 0x}
 * @param treeSize the anchored tree size
 * @param root the anchored root
 * @param txHash the transaction that anchored it
 * @param blockNumber the block that includes the transaction
 * @param blockTime that block's timestamp
 * @param gasUsed gas the transaction used
 */
public record AnchorResult(
    long chainId,
    String contractAddress,
    long treeSize,
    Hash root,
    String txHash,
    long blockNumber,
    Instant blockTime,
    long gasUsed) {

  public AnchorResult {
    Objects.requireNonNull(contractAddress, "contractAddress");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(txHash, "txHash");
    Objects.requireNonNull(blockTime, "blockTime");
  }
}
