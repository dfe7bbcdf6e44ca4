package io.vigil.anchoring.merkle;

import java.util.List;

/**
 * An RFC 9162 §2.1.3 inclusion proof ("audit path") of the leaf at {@code leafIndex} in the tree of
 * {@code treeSize} leaves; {@code hashes} are ordered from the leaf's sibling up to the root's
 * child, exactly as {@code PATH(m, D[n])} emits them.
 */
public record InclusionProof(long leafIndex, long treeSize, List<Hash> hashes) {

  /** Copies {@code hashes}. */
  public InclusionProof {
    hashes = List.copyOf(hashes);
  }

  /** The proof hashes concatenated, 32 bytes each, the form carried in receipts. */
  public byte[] hashBytes() {
    return ProofHashes.concatenate(hashes);
  }

  /**
   * Rebuilds a proof from concatenated hashes.
   *
   * @throws ProofException {@code MALFORMED_PROOF} if the length is not a multiple of 32
   */
  public static InclusionProof fromHashBytes(long leafIndex, long treeSize, byte[] hashBytes)
      throws ProofException {
    return new InclusionProof(leafIndex, treeSize, ProofHashes.split(hashBytes));
  }
}
