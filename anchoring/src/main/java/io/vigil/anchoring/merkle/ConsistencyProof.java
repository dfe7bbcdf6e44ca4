package io.vigil.anchoring.merkle;

import java.util.List;

/**
 * An RFC 9162 §2.1.4 consistency proof that the tree of {@code oldSize} leaves is a prefix of the
 * tree of {@code newSize} leaves; {@code hashes} are in the order {@code PROOF(m, D[n])} emits
 * them.
 */
public record ConsistencyProof(long oldSize, long newSize, List<Hash> hashes) {

  /** Copies {@code hashes}. */
  public ConsistencyProof {
    hashes = List.copyOf(hashes);
  }

  /** The proof hashes concatenated, 32 bytes each. */
  public byte[] hashBytes() {
    return ProofHashes.concatenate(hashes);
  }

  /**
   * Rebuilds a proof from concatenated hashes.
   *
   * @throws ProofException {@code MALFORMED_PROOF} if the length is not a multiple of 32
   */
  public static ConsistencyProof fromHashBytes(long oldSize, long newSize, byte[] hashBytes)
      throws ProofException {
    return new ConsistencyProof(oldSize, newSize, ProofHashes.split(hashBytes));
  }
}
