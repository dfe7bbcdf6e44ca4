package io.vigil.anchoring.merkle;

/**
 * Read access to an append-only log's hashes, the only thing {@link MerkleTree} needs from storage.
 *
 * <p>A <em>perfect subtree</em> at {@code (level, index)} covers the {@code 2^level} leaves {@code
 * [index * 2^level, (index + 1) * 2^level)}; level 0 is a single leaf. Because the log is
 * append-only, the hash of a perfect subtree never changes once its last leaf exists, so a store
 * may persist these hashes as they complete (the "compact range" or "tiles" idea) and answer {@link
 * #subtree} in O(1). {@link MerkleTree} then needs O(log n) reads per root or proof.
 *
 * <p>A store that keeps only leaf hashes may rely on the default {@link #subtree}, which recomputes
 * from leaves in O(2^level).
 */
public interface HashReader {

  /** Number of leaves currently in the log. Only ever grows. */
  long size();

  /**
   * The RFC 9162 leaf hash {@code SHA-256(0x00 || leaf)} of the leaf at {@code index}.
   *
   * @param index zero-based, {@code 0 <= index < size()}
   */
  Hash leafHash(long index);

  /**
   * The hash of the perfect subtree at {@code (level, index)}. {@link MerkleTree} calls this only
   * when the whole subtree lies within {@link #size()}.
   *
   * @param level height of the subtree, {@code 0 <= level <= 62}
   * @param index position of the subtree among subtrees of the same level
   */
  default Hash subtree(int level, long index) {
    if (level == 0) {
      return leafHash(index);
    }
    return MerkleHash.nodeHash(subtree(level - 1, 2 * index), subtree(level - 1, 2 * index + 1));
  }
}
