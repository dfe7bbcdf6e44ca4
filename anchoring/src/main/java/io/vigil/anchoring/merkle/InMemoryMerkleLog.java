package io.vigil.anchoring.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only Merkle log held in memory, for tests, dev mode and offline verification tools.
 *
 * <p>It keeps every perfect-subtree hash as it completes (level 0 holds the leaf hashes, level
 * {@code L} one hash per {@code 2^L} leaves), about {@code 2n} hashes in all, so roots and proofs
 * for any past size are O(log n). Appending costs amortized O(1) hashes.
 *
 * <p>Thread-safe. Capacity is {@link Integer#MAX_VALUE} leaves.
 */
public final class InMemoryMerkleLog implements HashReader {

  // levels.get(L).get(i) is the perfect subtree (L, i); completed subtrees never change.
  private final List<List<Hash>> levels = new ArrayList<>();
  private final MerkleTree tree = new MerkleTree(this);

  /** An empty log. */
  public InMemoryMerkleLog() {
    levels.add(new ArrayList<>());
  }

  /**
   * Appends a leaf's bytes, hashing them as {@code SHA-256(0x00 || leaf)}.
   *
   * @return the new leaf's index
   */
  public long append(byte[] leaf) {
    return appendLeafHash(MerkleHash.leafHash(leaf));
  }

  /**
   * Appends an already computed leaf hash.
   *
   * @return the new leaf's index
   */
  public synchronized long appendLeafHash(Hash leafHash) {
    List<Hash> leaves = levels.get(0);
    if (leaves.size() == Integer.MAX_VALUE) {
      throw new IllegalStateException("in-memory log is full");
    }
    leaves.add(leafHash);
    // Completing a left+right pair completes their parent; carry upward like a binary counter.
    int level = 0;
    while (levels.get(level).size() % 2 == 0) {
      List<Hash> current = levels.get(level);
      Hash parent =
          MerkleHash.nodeHash(current.get(current.size() - 2), current.get(current.size() - 1));
      if (levels.size() == level + 1) {
        levels.add(new ArrayList<>());
      }
      levels.get(level + 1).add(parent);
      level++;
    }
    return leaves.size() - 1L;
  }

  @Override
  public synchronized long size() {
    return levels.get(0).size();
  }

  @Override
  public synchronized Hash leafHash(long index) {
    return levels.get(0).get(Math.toIntExact(index));
  }

  @Override
  public synchronized Hash subtree(int level, long index) {
    return levels.get(level).get(Math.toIntExact(index));
  }

  /** The root of the whole log as it stands. */
  public Hash root() {
    return tree.root(size());
  }

  /** The root of the log's first {@code treeSize} leaves. */
  public Hash root(long treeSize) {
    return tree.root(treeSize);
  }

  /** See {@link MerkleTree#inclusionProof}. */
  public InclusionProof inclusionProof(long leafIndex, long treeSize) {
    return tree.inclusionProof(leafIndex, treeSize);
  }

  /** See {@link MerkleTree#consistencyProof}. */
  public ConsistencyProof consistencyProof(long oldSize, long newSize) {
    return tree.consistencyProof(oldSize, newSize);
  }
}
