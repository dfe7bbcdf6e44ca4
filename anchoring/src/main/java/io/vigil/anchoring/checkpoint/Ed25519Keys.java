package io.vigil.anchoring.checkpoint;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Converts between raw RFC 8032 Ed25519 keys (as signed notes carry them) and JDK key objects.
 *
 * <p>A raw public key is the 32-byte point encoding; the JDK's X.509 {@code SubjectPublicKeyInfo}
 * form is the fixed 12-byte prefix {@code 302a300506032b6570032100} followed by those 32 bytes. A
 * raw private key is the 32-byte seed.
 */
final class Ed25519Keys {

  static final int PUBLIC_KEY_LENGTH = 32;
  static final int SEED_LENGTH = 32;
  static final int SIGNATURE_LENGTH = 64;

  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private Ed25519Keys() {}

  static PublicKey publicKey(byte[] raw) {
    if (raw.length != PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException("Ed25519 public key must be 32 bytes");
    }
    byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + PUBLIC_KEY_LENGTH);
    System.arraycopy(raw, 0, encoded, X509_PREFIX.length, PUBLIC_KEY_LENGTH);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
  }

  static byte[] rawPublicKey(PublicKey key) {
    byte[] encoded = key.getEncoded();
    if (encoded == null
        || encoded.length != X509_PREFIX.length + PUBLIC_KEY_LENGTH
        || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
      throw new IllegalArgumentException("not an X.509-encoded Ed25519 public key");
    }
    return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
  }

  static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable", e);
    }
  }

  /**
   * Rebuilds the key pair for a 32-byte seed.
   *
   * <p>The JDK has no public API deriving an Ed25519 public key from a seed, but its key pair
   * generator draws exactly the seed from its random source. Feed it the seed, then check that the
   * private key it made carries that seed, so a different generator fails loudly instead of
   * yielding a mismatched pair.
   */
  static KeyPair fromSeed(byte[] seed) {
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException("Ed25519 seed must be 32 bytes");
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
      KeyPair pair = generator.generateKeyPair();
      PrivateKey privateKey = pair.getPrivate();
      if (!(privateKey instanceof EdECPrivateKey edKey)
          || !Arrays.equals(edKey.getBytes().orElse(null), seed)) {
        throw new IllegalStateException("the JDK Ed25519 generator did not use the given seed");
      }
      return pair;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable", e);
    }
  }

  /** A "random" source that yields one given seed. Used only by {@link #fromSeed}. */
  private static final class FixedBytes extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (out.length != bytes.length) {
        throw new IllegalStateException("unexpected request for " + out.length + " bytes");
      }
      System.arraycopy(bytes, 0, out, 0, out.length);
    }
  }
}
