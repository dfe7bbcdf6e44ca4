package io.vigil.anchoring.log;

import io.vigil.anchoring.merkle.InclusionProof;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything needed to check that a submission is in the log, without trusting the hub: its leaf,
 * the inclusion proof to a signed checkpoint and, once anchored, where the checkpoint's root is on
 * chain. Before the next checkpoint covers the leaf, {@code checkpoint} and {@code proof} are
 * empty.
 */
public record Receipt(
    UUID submissionId,
    long leafIndex,
    byte[] leaf,
    Optional<CheckpointRecord> checkpoint,
    Optional<InclusionProof> proof) {}
