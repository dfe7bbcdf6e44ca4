package io.vigil.anchoring.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The RFC 9162 §2.1.1 hashing scheme with SHA-256.
 *
 * <ul>
 *   <li>empty tree: {@code SHA-256("")}
 *   <li>leaf: {@code SHA-256(0x00 || leaf)}
 *   <li>interior node: {@code SHA-256(0x01 || left || right)}
 * </ul>
 *
 * <p>The distinct prefixes make a leaf hash and a node hash for the same bytes differ, which blocks
 * second-preimage attacks that pass an interior node off as a leaf.
 */
public final class MerkleHash {

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  // MessageDigest is not thread-safe and getInstance does a provider lookup; keep one per thread.
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(MerkleHash::newSha256);

  private static final Hash EMPTY_ROOT = sha256(new byte[0]);

  private MerkleHash() {}

  /** The root of the empty tree, {@code SHA-256("")}. */
  public static Hash emptyRoot() {
    return EMPTY_ROOT;
  }

  /** {@code SHA-256(0x00 || leaf)}. */
  public static Hash leafHash(byte[] leaf) {
    MessageDigest digest = SHA256.get();
    digest.update(LEAF_PREFIX);
    digest.update(leaf);
    return Hash.wrap(digest.digest());
  }

  /** {@code SHA-256(0x01 || left || right)}. */
  public static Hash nodeHash(Hash left, Hash right) {
    MessageDigest digest = SHA256.get();
    digest.update(NODE_PREFIX);
    left.updateDigest(digest);
    right.updateDigest(digest);
    return Hash.wrap(digest.digest());
  }

  /** Plain {@code SHA-256(data)}, e.g. of a submission's exact payload bytes. */
  public static Hash sha256(byte[] data) {
    return Hash.wrap(SHA256.get().digest(data));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must provide SHA-256.
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
