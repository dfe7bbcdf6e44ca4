package io.vigil.hub.timeliness;

import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.checkpoint.CheckpointException;
import io.vigil.anchoring.checkpoint.CheckpointSigner;
import io.vigil.anchoring.checkpoint.NoteVerifierKey;
import io.vigil.anchoring.checkpoint.SignedNote;

/**
 * The wire form of a timeliness statement: a C2SP signed note, signed with the log's checkpoint
 * key, whose text is exactly two lines:
 *
 * <pre>
 * vigil timeliness statement v1
 * {one line of JSON}
 * </pre>
 *
 * <p>The signature covers the exact bytes of that text, so no JSON canonicalisation is needed: a
 * verifier checks the signature first and only then parses the JSON it covers. Fields of the JSON:
 * {@code sender} (the facility id the leaves carry), {@code from}/{@code to} (MMWR weeks), {@code
 * periodStart}/{@code periodEnd} (UTC instants, end exclusive), {@code logOrigin}, {@code
 * treeSize}, {@code rootHash} (hex), {@code checkpoint} (the signed checkpoint note the figures
 * were computed against), {@code leafStart}/{@code leafEnd} (the index range scanned, end
 * exclusive), {@code issuedAt} and {@code figures} (see {@link
 * io.vigil.anchoring.timeliness.TimelinessFigures}).
 */
public final class TimelinessStatement {
  /** The first line of every statement. */
  public static final String HEADER = "vigil timeliness statement v1";

  private TimelinessStatement() {}

  /** Signs a statement body. */
  public static String sign(JsonObject body, CheckpointSigner signer) {
    return signer.signNote(HEADER + "\n" + body.encode() + "\n");
  }

  /**
   * The JSON of a statement whose signature verifies with {@code key}.
   *
   * @throws CheckpointException when the note is malformed, not signed by {@code key}, or not a
   *     statement
   */
  public static JsonObject open(String note, NoteVerifierKey key) throws CheckpointException {
    String text = SignedNote.parse(note).verifiedText(key);
    String[] lines = text.split("\n", -1);
    if (lines.length != 3 || !lines[0].equals(HEADER) || !lines[2].isEmpty()) {
      throw new CheckpointException(
          CheckpointException.Reason.MALFORMED_NOTE, "not a version-1 timeliness statement");
    }
    try {
      return new JsonObject(lines[1]);
    } catch (RuntimeException e) {
      throw new CheckpointException(
          CheckpointException.Reason.MALFORMED_NOTE, "the statement's JSON is malformed");
    }
  }
}
