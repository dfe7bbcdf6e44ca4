package io.vigil.anchoring.log;

import io.vigil.anchoring.merkle.Hash;
import java.time.Instant;
import java.util.Optional;

/**
 * A published checkpoint and, once it is on chain, where.
 *
 * @param treeSize the log size it commits to
 * @param rootHash the Merkle root at that size
 * @param note the C2SP signed note
 * @param createdAt when the sequencer signed it
 * @param anchor the on-chain anchoring, when done
 */
public record CheckpointRecord(
    long treeSize, Hash rootHash, String note, Instant createdAt, Optional<AnchorInfo> anchor) {}
