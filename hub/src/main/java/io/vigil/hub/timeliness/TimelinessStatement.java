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
 * vigil timeliness statement v2
 * {one line of JSON}
 * </pre>
 *
 * <p>Version 2 adds figures (message created → received, received → anchored, not yet anchored,
 * missing created: {@link io.vigil.anchoring.timeliness.TimelinessFigures#ADDED_IN_STATEMENT_V2});
 * version-1 statements, issued before, are still opened and verified on the figures they carry.
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
  /** The first line of every statement this hub issues. */
  public static final String HEADER = "vigil timeliness statement v2";

  /** The first line of statements issued before version 2. */
  public static final String HEADER_V1 = "vigil timeliness statement v1";

  /** An opened statement: its version (1 or 2) and its JSON. */
  public record Opened(int version, JsonObject body) {}

  private TimelinessStatement() {}

  /** Signs a statement body. */
  public static String sign(JsonObject body, CheckpointSigner signer) {
    return sign(HEADER, body, signer);
  }

  /** Signs a body under {@code header} (tests make version-1 statements with it). */
  static String sign(String header, JsonObject body, CheckpointSigner signer) {
    return signer.signNote(header + "\n" + body.encode() + "\n");
  }

  /**
   * The version and JSON of a statement whose signature verifies with {@code key}.
   *
   * @throws CheckpointException when the note is malformed, not signed by {@code key}, or not a
   *     version-1 or version-2 statement
   */
  public static Opened open(String note, NoteVerifierKey key) throws CheckpointException {
    String text = SignedNote.parse(note).verifiedText(key);
    String[] lines = text.split("\n", -1);
    int version = lines[0].equals(HEADER) ? 2 : lines[0].equals(HEADER_V1) ? 1 : 0;
    if (lines.length != 3 || version == 0 || !lines[2].isEmpty()) {
      throw new CheckpointException(
          CheckpointException.Reason.MALFORMED_NOTE, "not a version-1 or -2 timeliness statement");
    }
    try {
      return new Opened(version, new JsonObject(lines[1]));
    } catch (RuntimeException e) {
      throw new CheckpointException(
          CheckpointException.Reason.MALFORMED_NOTE, "the statement's JSON is malformed");
    }
  }
}
