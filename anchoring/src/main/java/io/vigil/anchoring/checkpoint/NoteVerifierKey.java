package io.vigil.anchoring.checkpoint;

import io.vigil.anchoring.checkpoint.CheckpointException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 signed-note verifier key: a key name and a raw 32-byte public key.
 *
 * <p>Its string form is {@code <name>+<key hash>+<base64(0x01 || public key)>}, where the key hash
 * is 8 lowercase hex digits of the first 4 bytes of {@code SHA-256(name || "\n" || 0x01 || public
 * key)} and {@code 0x01} identifies Ed25519 (the C2SP signed-note spec and Go {@code sumdb/note}).
 * Every signature line carries the same 4-byte key hash, which is how a verifier finds its
 * signature among several.
 */
public final class NoteVerifierKey {

  /** Signature type byte for Ed25519 in the signed-note spec. */
  static final byte ALGORITHM_ED25519 = 0x01;

  private final String name;
  private final byte[] publicKey;
  private final int keyHash;

  private NoteVerifierKey(String name, byte[] publicKey) {
    this.name = name;
    this.publicKey = publicKey;
    this.keyHash = keyHash(name, publicKey);
  }

  /**
   * A verifier key for a raw Ed25519 public key.
   *
   * @throws IllegalArgumentException if the name is not a valid key name or the key is not 32 bytes
   */
  public static NoteVerifierKey of(String name, byte[] rawPublicKey) {
    if (!NoteText.isValidKeyName(name)) {
      throw new IllegalArgumentException("invalid key name: no spaces or '+', not empty");
    }
    if (rawPublicKey.length != Ed25519Keys.PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException("Ed25519 public key must be 32 bytes");
    }
    return new NoteVerifierKey(name, rawPublicKey.clone());
  }

  /** A verifier key for a JDK Ed25519 public key. */
  public static NoteVerifierKey of(String name, PublicKey publicKey) {
    return of(name, Ed25519Keys.rawPublicKey(publicKey));
  }

  /**
   * Parses {@code <name>+<hex key hash>+<base64(0x01 || public key)>}.
   *
   * @throws CheckpointException {@code MALFORMED_KEY} if the form is wrong, the key type is not
   *     Ed25519, or the key hash does not match the name and key
   */
  public static NoteVerifierKey parse(String text) throws CheckpointException {
    String[] parts = text.split("\\+", -1);
    // Standard base64 may itself contain '+'; the name and hash may not.
    if (parts.length < 3) {
      throw malformed("expected <name>+<hash>+<key>");
    }
    String name = parts[0];
    String hashHex = parts[1];
    String keyBase64 = text.substring(name.length() + hashHex.length() + 2);
    if (!NoteText.isValidKeyName(name)) {
      throw malformed("invalid key name");
    }
    if (hashHex.length() != 8 || !hashHex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw malformed("key hash must be 8 hex digits");
    }
    byte[] typedKey;
    try {
      typedKey = NoteText.decodeCanonicalBase64(keyBase64);
    } catch (IllegalArgumentException e) {
      throw malformed("key is not canonical base64");
    }
    if (typedKey.length != 1 + Ed25519Keys.PUBLIC_KEY_LENGTH || typedKey[0] != ALGORITHM_ED25519) {
      throw malformed("not an Ed25519 key (type 0x01, 32 bytes)");
    }
    NoteVerifierKey key =
        new NoteVerifierKey(name, Arrays.copyOfRange(typedKey, 1, typedKey.length));
    if (key.keyHash != (int) Long.parseLong(hashHex, 16)) {
      throw malformed("key hash does not match name and key");
    }
    return key;
  }

  /** The key name, as it appears on signature lines. */
  public String name() {
    return name;
  }

  /** A copy of the raw 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The 4-byte key hash as a big-endian int. */
  public int keyHash() {
    return keyHash;
  }

  /** The key as a JDK {@link PublicKey} for {@code Signature.getInstance("Ed25519")}. */
  public PublicKey jdkPublicKey() {
    return Ed25519Keys.publicKey(publicKey);
  }

  /** {@code <name>+<hex key hash>+<base64(0x01 || public key)>}. */
  public String render() {
    return name + "+" + keyHashHex(keyHash) + "+" + Base64.getEncoder().encodeToString(typedKey());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NoteVerifierKey that
        && name.equals(that.name)
        && Arrays.equals(publicKey, that.publicKey);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return render();
  }

  static String keyHashHex(int keyHash) {
    return HexFormat.of().toHexDigits(keyHash);
  }

  private byte[] typedKey() {
    byte[] typed = new byte[1 + publicKey.length];
    typed[0] = ALGORITHM_ED25519;
    System.arraycopy(publicKey, 0, typed, 1, publicKey.length);
    return typed;
  }

  private static int keyHash(String name, byte[] publicKey) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(name.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) '\n');
      sha256.update(ALGORITHM_ED25519);
      sha256.update(publicKey);
      return ByteBuffer.wrap(sha256.digest()).getInt();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static CheckpointException malformed(String detail) {
    return new CheckpointException(Reason.MALFORMED_KEY, detail);
  }
}
