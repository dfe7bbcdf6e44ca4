package io.vigil.anchoring.log;

import java.time.Instant;

/**
 * Where a checkpoint's root was anchored on chain.
 *
 * @param chainId EIP-155 chain id
 * @param contract the Anchor contract address (0x…)
 * @param txHash the anchoring transaction
 * @param blockNumber the block that includes it
 * @param blockTime the block's timestamp
 * @param gasUsed gas used by the transaction
 */
public record AnchorInfo(
    long chainId,
    String contract,
    String txHash,
    long blockNumber,
    Instant blockTime,
    long gasUsed) {}
