package io.vigil.anchoring.checkpoint;

import io.vigil.anchoring.checkpoint.CheckpointException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;

/**
 * Signs checkpoints as C2SP signed notes with one Ed25519 key.
 *
 * <p>Ed25519 signatures are deterministic, so signing the same body twice gives the same note. The
 * private key never leaves this object; {@link #toString()} shows only the verifier key.
 */
public final class CheckpointSigner {

  private static final String SIGNER_KEY_PREFIX = "PRIVATE+KEY+";

  private final NoteVerifierKey verifierKey;
  private final PrivateKey privateKey;

  private CheckpointSigner(NoteVerifierKey verifierKey, PrivateKey privateKey) {
    this.verifierKey = verifierKey;
    this.privateKey = privateKey;
  }

  /** A signer with a fresh random key; fine for tests and dev mode, not for a real log. */
  public static CheckpointSigner generate(String keyName) {
    return of(keyName, Ed25519Keys.generate());
  }

  /**
   * A new random signer key in the {@code sumdb/note} form {@link #fromSignerKey} reads, for an
   * operator to store as a secret (or for dev mode to keep in its data directory).
   */
  public static String generateSignerKey(String keyName) {
    byte[] typedSeed = new byte[1 + Ed25519Keys.SEED_LENGTH];
    new java.security.SecureRandom().nextBytes(typedSeed);
    typedSeed[0] = NoteVerifierKey.ALGORITHM_ED25519;
    byte[] seed = Arrays.copyOfRange(typedSeed, 1, typedSeed.length);
    NoteVerifierKey verifier = NoteVerifierKey.of(keyName, Ed25519Keys.fromSeed(seed).getPublic());
    Arrays.fill(seed, (byte) 0);
    String key =
        SIGNER_KEY_PREFIX
            + keyName
            + "+"
            + NoteVerifierKey.keyHashHex(verifier.keyHash())
            + "+"
            + java.util.Base64.getEncoder().encodeToString(typedSeed);
    Arrays.fill(typedSeed, (byte) 0);
    return key;
  }

  /** A signer for a JDK Ed25519 key pair (e.g. loaded from a keystore). */
  public static CheckpointSigner of(String keyName, KeyPair keyPair) {
    if (!"Ed25519".equals(keyPair.getPrivate().getAlgorithm())
        && !"EdDSA".equals(keyPair.getPrivate().getAlgorithm())) {
      throw new IllegalArgumentException("not an Ed25519 key pair");
    }
    return new CheckpointSigner(
        NoteVerifierKey.of(keyName, keyPair.getPublic()), keyPair.getPrivate());
  }

  /**
   * A signer from a Go {@code sumdb/note} signer key, {@code PRIVATE+KEY+<name>+<hex key
   * hash>+<base64(0x01 || 32-byte seed)>}.
   *
   * @throws CheckpointException {@code MALFORMED_KEY} if the form is wrong or the key hash does not
   *     match the key the seed yields
   */
  public static CheckpointSigner fromSignerKey(String signerKey) throws CheckpointException {
    if (!signerKey.startsWith(SIGNER_KEY_PREFIX)) {
      throw malformed("signer key does not start with " + SIGNER_KEY_PREFIX);
    }
    String[] parts = signerKey.substring(SIGNER_KEY_PREFIX.length()).split("\\+", 3);
    if (parts.length != 3 || parts[1].length() != 8) {
      throw malformed("expected PRIVATE+KEY+<name>+<hash>+<key>");
    }
    byte[] typedSeed;
    try {
      typedSeed = NoteText.decodeCanonicalBase64(parts[2]);
    } catch (IllegalArgumentException e) {
      throw malformed("key is not canonical base64");
    }
    if (typedSeed.length != 1 + Ed25519Keys.SEED_LENGTH
        || typedSeed[0] != NoteVerifierKey.ALGORITHM_ED25519) {
      throw malformed("not an Ed25519 key (type 0x01, 32 bytes)");
    }
    byte[] seed = Arrays.copyOfRange(typedSeed, 1, typedSeed.length);
    Arrays.fill(typedSeed, (byte) 0);
    KeyPair pair = Ed25519Keys.fromSeed(seed);
    Arrays.fill(seed, (byte) 0);
    CheckpointSigner signer;
    try {
      signer = of(parts[0], pair);
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
    if (!NoteVerifierKey.keyHashHex(signer.verifierKey.keyHash()).equalsIgnoreCase(parts[1])) {
      throw malformed("key hash does not match name and key");
    }
    return signer;
  }

  /** The public half, to publish so anyone can verify this signer's checkpoints. */
  public NoteVerifierKey verifierKey() {
    return verifierKey;
  }

  /** The signed note for {@code checkpoint}: its body, a blank line, one signature line. */
  public String sign(Checkpoint checkpoint) {
    return signNote(checkpoint.body());
  }

  /**
   * Signs arbitrary note text.
   *
   * @throws IllegalArgumentException if the text is empty, does not end in a newline or contains
   *     control characters other than newline
   */
  public String signNote(String text) {
    if (text.isEmpty() || !text.endsWith("\n") || !NoteText.isCleanText(text)) {
      throw new IllegalArgumentException("note text must be clean and end in a newline");
    }
    byte[] signature;
    try {
      Signature ed25519 = Signature.getInstance("Ed25519");
      ed25519.initSign(privateKey);
      ed25519.update(text.getBytes(StandardCharsets.UTF_8));
      signature = ed25519.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
    NoteSignature line = new NoteSignature(verifierKey.name(), verifierKey.keyHash(), signature);
    return SignedNote.of(text, line).render();
  }

  @Override
  public String toString() {
    return "CheckpointSigner[" + verifierKey.render() + "]";
  }

  private static CheckpointException malformed(String detail) {
    return new CheckpointException(Reason.MALFORMED_KEY, detail);
  }
}
