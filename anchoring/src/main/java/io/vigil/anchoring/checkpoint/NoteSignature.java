package io.vigil.anchoring.checkpoint;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One signature line of a signed note: {@code — <key name> <base64(key hash || signature)>}. The
 * signature bytes are opaque here; their length depends on the key type.
 */
public final class NoteSignature {

  private final String keyName;
  private final int keyHash;
  private final byte[] signature;

  /** A signature line's parts; {@code signature} is copied. */
  public NoteSignature(String keyName, int keyHash, byte[] signature) {
    this.keyName = Objects.requireNonNull(keyName, "keyName");
    this.keyHash = keyHash;
    this.signature = signature.clone();
  }

  /** The signer's key name. */
  public String keyName() {
    return keyName;
  }

  /** The signer's 4-byte key hash as a big-endian int. */
  public int keyHash() {
    return keyHash;
  }

  /** A copy of the signature bytes, without the key hash. */
  public byte[] signature() {
    return signature.clone();
  }

  /** The line without its trailing newline. */
  String line() {
    byte[] blob = ByteBuffer.allocate(4 + signature.length).putInt(keyHash).put(signature).array();
    return SignedNote.SIGNATURE_PREFIX + keyName + " " + Base64.getEncoder().encodeToString(blob);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NoteSignature that
        && keyName.equals(that.keyName)
        && keyHash == that.keyHash
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyName, keyHash, Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return line();
  }
}
