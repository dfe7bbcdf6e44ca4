package io.vigil.anchoring.merkle;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable 32-byte SHA-256 value: a leaf hash, an interior node hash or a tree root.
 *
 * <p>The bytes are copied on the way in and on the way out, so a {@code Hash} can be shared freely.
 * {@link #toString()} renders lowercase hex.
 */
public final class Hash {

  /** Length in bytes of every hash in the log. */
  public static final int LENGTH = 32;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Wraps a copy of exactly {@value #LENGTH} bytes.
   *
   * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
   */
  public static Hash of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "a hash is " + LENGTH + " bytes, got " + bytes.length + " bytes");
    }
    return new Hash(bytes.clone());
  }

  /**
   * Parses 64 hex digits (either case).
   *
   * @throws IllegalArgumentException if the text is not exactly 64 hex digits
   */
  public static Hash fromHex(String hex) {
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException(
          "a hash is " + 2 * LENGTH + " hex digits, got " + hex.length());
    }
    return new Hash(HEX.parseHex(hex));
  }

  /** Takes ownership of a freshly computed digest; callers must not keep a reference. */
  static Hash wrap(byte[] digest) {
    return new Hash(digest);
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Feeds the bytes to a digest without copying them. */
  void updateDigest(MessageDigest digest) {
    digest.update(bytes);
  }

  /** Lowercase hex, 64 characters. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(Object other) {
    // MessageDigest.isEqual compares in constant time; roots are compared against attacker input.
    return other instanceof Hash that && MessageDigest.isEqual(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
