package io.vigil.anchoring.merkle;

import io.vigil.anchoring.merkle.ProofException.Reason;
import java.util.List;

/**
 * Verifies RFC 9162 inclusion (§2.1.3.2) and consistency (§2.1.4.2) proofs. Pure functions: they
 * return normally when the proof holds and throw {@link ProofException} otherwise.
 *
 * <p>Before running the RFC algorithms the proof length is checked against the exact length the
 * sizes imply, so extra trailing hashes or missing ones fail as {@code WRONG_PROOF_SIZE} rather
 * than being silently ignored.
 *
 * <p>One deliberate strictness beyond RFC 9162: a consistency proof from size 0 requires the old
 * root to be the empty-tree hash {@code SHA-256("")}.
 */
public final class ProofVerifier {

  private ProofVerifier() {}

  /** Verifies {@code proof} for the leaf with hash {@code leafHash} against {@code root}. */
  public static void verifyInclusion(InclusionProof proof, Hash leafHash, Hash root)
      throws ProofException {
    verifyInclusion(proof.leafIndex(), proof.treeSize(), leafHash, proof.hashes(), root);
  }

  /**
   * Verifies that the leaf hash {@code leafHash} sits at {@code leafIndex} in the tree of {@code
   * treeSize} leaves whose root is {@code root}.
   */
  public static void verifyInclusion(
      long leafIndex, long treeSize, Hash leafHash, List<Hash> proof, Hash root)
      throws ProofException {
    Hash computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
    if (!computed.equals(root)) {
      throw new ProofException(
          Reason.ROOT_MISMATCH, "inclusion proof recomputes to " + computed + ", not " + root);
    }
  }

  /** The root an inclusion proof implies, per RFC 9162 §2.1.3.2 steps 1–3. */
  public static Hash rootFromInclusionProof(
      long leafIndex, long treeSize, Hash leafHash, List<Hash> proof) throws ProofException {
    if (treeSize < 0) {
      throw new ProofException(Reason.INVALID_TREE_SIZE, "tree size " + treeSize);
    }
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new ProofException(
          Reason.INDEX_OUT_OF_RANGE,
          "leaf index " + leafIndex + " is outside a tree of size " + treeSize);
    }
    int expected = inclusionProofLength(leafIndex, treeSize);
    if (proof.size() != expected) {
      throw new ProofException(
          Reason.WRONG_PROOF_SIZE,
          "inclusion proof has " + proof.size() + " hashes, expected " + expected);
    }
    long fn = leafIndex;
    long sn = treeSize - 1;
    Hash r = leafHash;
    for (Hash p : proof) {
      if (sn == 0) {
        throw new ProofException(Reason.WRONG_PROOF_SIZE, "inclusion proof is too long");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleHash.nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = MerkleHash.nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new ProofException(Reason.WRONG_PROOF_SIZE, "inclusion proof is too short");
    }
    return r;
  }

  /** Verifies {@code proof} between the two roots. */
  public static void verifyConsistency(ConsistencyProof proof, Hash oldRoot, Hash newRoot)
      throws ProofException {
    verifyConsistency(proof.oldSize(), proof.newSize(), proof.hashes(), oldRoot, newRoot);
  }

  /**
   * Verifies that the tree of {@code oldSize} leaves with root {@code oldRoot} is a prefix of the
   * tree of {@code newSize} leaves with root {@code newRoot}.
   */
  public static void verifyConsistency(
      long oldSize, long newSize, List<Hash> proof, Hash oldRoot, Hash newRoot)
      throws ProofException {
    if (oldSize < 0 || newSize < 0) {
      throw new ProofException(Reason.INVALID_TREE_SIZE, "sizes " + oldSize + ", " + newSize);
    }
    if (oldSize > newSize) {
      throw new ProofException(
          Reason.SIZE_NOT_INCREASING, "old size " + oldSize + " > new size " + newSize);
    }
    int expected = consistencyProofLength(oldSize, newSize);
    if (proof.size() != expected) {
      throw new ProofException(
          Reason.WRONG_PROOF_SIZE,
          "consistency proof has " + proof.size() + " hashes, expected " + expected);
    }
    if (oldSize == newSize) {
      requireMatch(oldRoot, newRoot, "equal sizes with different roots");
      return;
    }
    if (oldSize == 0) {
      requireMatch(MerkleHash.emptyRoot(), oldRoot, "old root of size 0 is not the empty hash");
      return;
    }
    chainConsistency(oldSize, newSize, proof, oldRoot, newRoot);
  }

  // RFC 9162 §2.1.4.2 steps 2–7, for 0 < oldSize < newSize.
  private static void chainConsistency(
      long oldSize, long newSize, List<Hash> proof, Hash oldRoot, Hash newRoot)
      throws ProofException {
    boolean oldIsPerfect = Long.bitCount(oldSize) == 1;
    int start = oldIsPerfect ? 0 : 1;
    Hash seed = oldIsPerfect ? oldRoot : proof.get(0);
    long fn = oldSize - 1;
    long sn = newSize - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    Hash fr = seed;
    Hash sr = seed;
    for (Hash c : proof.subList(start, proof.size())) {
      if (sn == 0) {
        throw new ProofException(Reason.WRONG_PROOF_SIZE, "consistency proof is too long");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleHash.nodeHash(c, fr);
        sr = MerkleHash.nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = MerkleHash.nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new ProofException(Reason.WRONG_PROOF_SIZE, "consistency proof is too short");
    }
    requireMatch(oldRoot, fr, "consistency proof does not recompute the old root");
    requireMatch(newRoot, sr, "consistency proof does not recompute the new root");
  }

  /** Hashes in {@code PATH(leafIndex, D[treeSize])}: the inner path plus the right border. */
  static int inclusionProofLength(long leafIndex, long treeSize) {
    int inner = 64 - Long.numberOfLeadingZeros(leafIndex ^ (treeSize - 1));
    return inner + Long.bitCount(leafIndex >>> inner);
  }

  /** Hashes in {@code PROOF(oldSize, D[newSize])}; 0 for the trivial cases. */
  static int consistencyProofLength(long oldSize, long newSize) {
    if (oldSize == 0 || oldSize == newSize) {
      return 0;
    }
    // The proof is the inclusion path of the old tree's last node at the level of its lowest set
    // bit, plus that node's hash itself unless the old tree is perfect (the verifier has it).
    int shift = Long.numberOfTrailingZeros(oldSize);
    int seed = oldSize == 1L << shift ? 0 : 1;
    return seed + inclusionProofLength((oldSize - 1) >>> shift, ((newSize - 1) >>> shift) + 1);
  }

  private static void requireMatch(Hash expected, Hash actual, String detail)
      throws ProofException {
    if (!expected.equals(actual)) {
      throw new ProofException(Reason.ROOT_MISMATCH, detail);
    }
  }
}
