package io.vigil.anchoring.checkpoint;

import io.vigil.anchoring.checkpoint.CheckpointException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;

/**
 * A C2SP signed note: UTF-8 text ending in a newline, a blank line, then one or more signature
 * lines {@code — <key name> <base64(4-byte key hash || signature)>}, each ending in a newline. The
 * dash is U+2014 EM DASH followed by a space. Signatures cover exactly the UTF-8 bytes of the text,
 * final newline included.
 *
 * <p>Parsing follows Go's {@code sumdb/note.Open}: no ASCII control characters except newline,
 * canonical base64, valid key names, at most {@value #MAX_SIGNATURES} signatures. As in Go, only
 * the first signature with a given key name and hash counts.
 */
public final class SignedNote {

  static final String SIGNATURE_PREFIX = "\u2014 ";
  static final int MAX_SIGNATURES = 100;

  private final String text;
  private final List<NoteSignature> signatures;

  private SignedNote(String text, List<NoteSignature> signatures) {
    this.text = text;
    this.signatures = List.copyOf(signatures);
  }

  /** A note with one signature; the signer has already checked the text. */
  static SignedNote of(String text, NoteSignature signature) {
    return new SignedNote(text, List.of(signature));
  }

  /**
   * Parses a signed note without verifying any signature.
   *
   * @throws CheckpointException {@code MALFORMED_NOTE} if the note does not follow the format
   */
  public static SignedNote parse(String note) throws CheckpointException {
    if (!NoteText.isCleanText(note)) {
      throw malformed("control characters or invalid Unicode");
    }
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw malformed("no blank line before the signatures");
    }
    String text = note.substring(0, split + 1);
    String block = note.substring(split + 2);
    if (block.isEmpty() || !block.endsWith("\n")) {
      throw malformed("signature block is empty or does not end in a newline");
    }
    String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw malformed("more than " + MAX_SIGNATURES + " signatures");
    }
    List<NoteSignature> signatures = new ArrayList<>(lines.length);
    for (String line : lines) {
      signatures.add(parseLine(line));
    }
    return new SignedNote(text, signatures);
  }

  /** The signed text, ending in a newline. */
  public String text() {
    return text;
  }

  /** The signature lines in order. */
  public List<NoteSignature> signatures() {
    return signatures;
  }

  /** The note in wire form. */
  public String render() {
    StringBuilder out = new StringBuilder(text).append('\n');
    for (NoteSignature signature : signatures) {
      out.append(signature.line()).append('\n');
    }
    return out.toString();
  }

  /**
   * Returns the text if the first signature with {@code key}'s name and hash verifies. Signatures
   * by other keys are ignored, as the spec requires.
   *
   * @throws CheckpointException {@code NO_TRUSTED_SIGNATURE} if no line has the key's name and
   *     hash; {@code BAD_SIGNATURE} if such a line does not verify
   */
  public String verifiedText(NoteVerifierKey key) throws CheckpointException {
    for (NoteSignature signature : signatures) {
      if (signature.keyName().equals(key.name()) && signature.keyHash() == key.keyHash()) {
        if (!verifies(key, signature.signature())) {
          throw new CheckpointException(
              Reason.BAD_SIGNATURE, "signature by " + key.name() + " does not verify");
        }
        return text;
      }
    }
    throw new CheckpointException(
        Reason.NO_TRUSTED_SIGNATURE, "no signature by " + key.name() + " with the expected hash");
  }

  private boolean verifies(NoteVerifierKey key, byte[] signature) throws CheckpointException {
    if (signature.length != Ed25519Keys.SIGNATURE_LENGTH) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key.jdkPublicKey());
      verifier.update(text.getBytes(StandardCharsets.UTF_8));
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // A public key that is not a valid curve point cannot verify anything.
      throw new CheckpointException(Reason.BAD_SIGNATURE, "unusable key: " + e.getMessage());
    }
  }

  private static NoteSignature parseLine(String line) throws CheckpointException {
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw malformed("signature line does not start with an em dash and a space");
    }
    String rest = line.substring(SIGNATURE_PREFIX.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw malformed("signature line has no space between name and signature");
    }
    String name = rest.substring(0, space);
    if (!NoteText.isValidKeyName(name)) {
      throw malformed("invalid key name on a signature line");
    }
    byte[] blob;
    try {
      blob = NoteText.decodeCanonicalBase64(rest.substring(space + 1));
    } catch (IllegalArgumentException e) {
      throw malformed("signature is not canonical base64");
    }
    if (blob.length < 5) {
      throw malformed("signature shorter than a key hash and one byte");
    }
    ByteBuffer parts = ByteBuffer.wrap(blob);
    int keyHash = parts.getInt();
    byte[] signature = new byte[parts.remaining()];
    parts.get(signature);
    return new NoteSignature(name, keyHash, signature);
  }

  private static CheckpointException malformed(String detail) {
    return new CheckpointException(Reason.MALFORMED_NOTE, detail);
  }
}
