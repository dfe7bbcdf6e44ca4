package io.vigil.anchoring.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 §2.1 tree heads and proofs over any {@link HashReader}, for any tree size up to the
 * reader's current size.
 *
 * <p>Every node of the RFC tree covers a leaf range {@code [lo, hi)} whose start is a multiple of
 * the next power of two at or above its width. Such a range splits, by the binary digits of its
 * width, into at most 63 perfect subtrees read with {@link HashReader#subtree}; its hash is their
 * right fold. With a reader that stores perfect subtrees, a root, an inclusion proof or a
 * consistency proof costs O(log n) reads and hashes.
 *
 * <p>The proofs are exactly {@code PATH(m, D[n])} and {@code PROOF(m, D[n])} of RFC 9162 §2.1.3.1
 * and §2.1.4.1, so they verify with any RFC 6962/9162 verifier, including {@link ProofVerifier}.
 */
public final class MerkleTree {

  private final HashReader reader;

  /** A view of the tree stored in {@code reader}. */
  public MerkleTree(HashReader reader) {
    this.reader = reader;
  }

  /** {@code MTH(D[0:treeSize])}; the empty-tree hash for size 0. */
  public Hash root(long treeSize) {
    checkTreeSize(treeSize);
    return treeSize == 0 ? MerkleHash.emptyRoot() : rangeHash(0, treeSize);
  }

  /**
   * {@code PATH(leafIndex, D[0:treeSize])}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= leafIndex < treeSize <= size}
   */
  public InclusionProof inclusionProof(long leafIndex, long treeSize) {
    checkTreeSize(treeSize);
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new IllegalArgumentException(
          "leaf index " + leafIndex + " is outside a tree of size " + treeSize);
    }
    List<Hash> hashes = new ArrayList<>(64);
    path(leafIndex, 0, treeSize, hashes);
    return new InclusionProof(leafIndex, treeSize, hashes);
  }

  /**
   * {@code PROOF(oldSize, D[0:newSize])}; empty when {@code oldSize} is 0 or equals {@code
   * newSize}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= oldSize <= newSize <= size}
   */
  public ConsistencyProof consistencyProof(long oldSize, long newSize) {
    checkTreeSize(newSize);
    if (oldSize < 0 || oldSize > newSize) {
      throw new IllegalArgumentException(
          "old size " + oldSize + " is not between 0 and new size " + newSize);
    }
    List<Hash> hashes = new ArrayList<>(64);
    if (oldSize > 0 && oldSize < newSize) {
      subproof(oldSize, 0, newSize, true, hashes);
    }
    return new ConsistencyProof(oldSize, newSize, hashes);
  }

  private void checkTreeSize(long treeSize) {
    long size = reader.size();
    if (treeSize < 0 || treeSize > size) {
      throw new IllegalArgumentException(
          "tree size " + treeSize + " is outside the log's 0.." + size);
    }
  }

  // PATH(m, D[lo:hi]) with absolute leaf positions; appends deepest sibling first.
  private void path(long leaf, long lo, long hi, List<Hash> out) {
    if (hi - lo == 1) {
      return;
    }
    long k = largestPowerOfTwoBelow(hi - lo);
    if (leaf < lo + k) {
      path(leaf, lo, lo + k, out);
      out.add(rangeHash(lo + k, hi));
    } else {
      path(leaf, lo + k, hi, out);
      out.add(rangeHash(lo, lo + k));
    }
  }

  // SUBPROOF(oldEnd - lo, D[lo:hi], complete) with absolute leaf positions.
  private void subproof(long oldEnd, long lo, long hi, boolean complete, List<Hash> out) {
    if (oldEnd == hi) {
      if (!complete) {
        out.add(rangeHash(lo, hi));
      }
      return;
    }
    long k = largestPowerOfTwoBelow(hi - lo);
    if (oldEnd - lo <= k) {
      subproof(oldEnd, lo, lo + k, complete, out);
      out.add(rangeHash(lo + k, hi));
    } else {
      subproof(oldEnd, lo + k, hi, false, out);
      out.add(rangeHash(lo, lo + k));
    }
  }

  /** {@code MTH(D[lo:hi])} for a range that is a node of some RFC tree. */
  private Hash rangeHash(long lo, long hi) {
    // Perfect subtrees left to right, largest first; each starts aligned to its own width.
    Hash[] pieces = new Hash[Long.bitCount(hi - lo)];
    int count = 0;
    long position = lo;
    for (int level = 62; level >= 0; level--) {
      long width = 1L << level;
      if (((hi - lo) & width) != 0) {
        pieces[count++] = reader.subtree(level, position >>> level);
        position += width;
      }
    }
    Hash hash = pieces[count - 1];
    for (int i = count - 2; i >= 0; i--) {
      hash = MerkleHash.nodeHash(pieces[i], hash);
    }
    return hash;
  }

  /** The largest power of two strictly less than {@code n}, for {@code n >= 2}. */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }
}
