package io.vigil.anchoring.checkpoint;

import io.vigil.anchoring.checkpoint.CheckpointException.Reason;
import io.vigil.anchoring.merkle.Hash;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A C2SP {@code tlog-checkpoint} body: the log's state at one tree size.
 *
 * <pre>
 * &lt;origin&gt;\n                     e.g. vigil.example.org/submissions
 * &lt;tree size, decimal&gt;\n          no sign, no leading zeros
 * &lt;base64 root hash&gt;\n            standard alphabet, padded, 32 bytes
 * [&lt;extension line&gt;\n ...]        optional, non-empty
 * </pre>
 *
 * <p>Vigil writes at most one extension line, {@code Timestamp: <instant>}, the signing time as RFC
 * 3339 UTC with exactly six fraction digits ({@code 2026-11-22T08:30:00.000000Z}). Parsing is
 * strict: the body must be exactly what {@link #body()} would render.
 *
 * @param origin the log's identity, a schema-less URL; no control characters
 * @param size number of leaves
 * @param rootHash RFC 9162 root of the first {@code size} leaves
 * @param extensions extension lines without their newlines
 */
public record Checkpoint(String origin, long size, Hash rootHash, List<String> extensions) {

  private static final String TIMESTAMP_PREFIX = "Timestamp: ";
  private static final DateTimeFormatter TIMESTAMP_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the origin or an extension line is empty or contains a
   *     control character, the size is negative, or a timestamp line is malformed or repeated
   */
  public Checkpoint {
    Objects.requireNonNull(rootHash, "rootHash");
    requireLine("origin", origin);
    if (size < 0) {
      throw new IllegalArgumentException("size is negative");
    }
    extensions = List.copyOf(extensions);
    for (String extension : extensions) {
      requireLine("extension line", extension);
    }
    if (extensions.stream().filter(line -> line.startsWith(TIMESTAMP_PREFIX)).count() > 1) {
      throw new IllegalArgumentException("more than one timestamp line");
    }
    timestampOf(extensions);
  }

  /** A checkpoint without extension lines. */
  public static Checkpoint of(String origin, long size, Hash rootHash) {
    return new Checkpoint(origin, size, rootHash, List.of());
  }

  /** A checkpoint with a {@code Timestamp:} line; the instant is truncated to microseconds. */
  public static Checkpoint of(String origin, long size, Hash rootHash, Instant timestamp) {
    String line = TIMESTAMP_PREFIX + TIMESTAMP_FORMAT.format(timestamp);
    return new Checkpoint(origin, size, rootHash, List.of(line));
  }

  /** The instant on the {@code Timestamp:} line, if there is one. */
  public Optional<Instant> timestamp() {
    return timestampOf(extensions);
  }

  /** The body text that is signed: lines as in the class description, each ending in a newline. */
  public String body() {
    StringBuilder out = new StringBuilder();
    out.append(origin).append('\n');
    out.append(size).append('\n');
    out.append(Base64.getEncoder().encodeToString(rootHash.bytes())).append('\n');
    for (String extension : extensions) {
      out.append(extension).append('\n');
    }
    return out.toString();
  }

  /**
   * Strictly parses a checkpoint body.
   *
   * @throws CheckpointException {@code MALFORMED_CHECKPOINT} if any line is missing or malformed
   */
  public static Checkpoint parse(String body) throws CheckpointException {
    if (!body.endsWith("\n")) {
      throw malformed("body does not end in a newline");
    }
    String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw malformed("fewer than three lines");
    }
    if (!DECIMAL.matcher(lines[1]).matches()) {
      throw malformed("tree size is not a canonical decimal");
    }
    long size;
    byte[] root;
    try {
      size = Long.parseLong(lines[1]);
      root = NoteText.decodeCanonicalBase64(lines[2]);
    } catch (IllegalArgumentException e) {
      throw malformed("tree size or root hash does not decode");
    }
    if (root.length != Hash.LENGTH) {
      throw malformed("root hash is " + root.length + " bytes, not " + Hash.LENGTH);
    }
    List<String> extensions = new ArrayList<>(List.of(lines).subList(3, lines.length));
    Checkpoint checkpoint;
    try {
      checkpoint = new Checkpoint(lines[0], size, Hash.of(root), extensions);
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
    if (!checkpoint.body().equals(body)) {
      throw malformed("body is not in canonical form");
    }
    return checkpoint;
  }

  private static Optional<Instant> timestampOf(List<String> extensions) {
    for (String line : extensions) {
      if (line.startsWith(TIMESTAMP_PREFIX)) {
        String text = line.substring(TIMESTAMP_PREFIX.length());
        Instant instant;
        try {
          instant = TIMESTAMP_FORMAT.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("malformed timestamp line");
        }
        if (!TIMESTAMP_FORMAT.format(instant).equals(text)) {
          throw new IllegalArgumentException("timestamp is not in canonical form");
        }
        return Optional.of(instant.truncatedTo(ChronoUnit.MICROS));
      }
    }
    return Optional.empty();
  }

  private static void requireLine(String what, String line) {
    Objects.requireNonNull(line, what);
    if (line.isEmpty() || !NoteText.isCleanText(line) || line.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(what + " is empty or contains control characters");
    }
  }

  private static CheckpointException malformed(String detail) {
    return new CheckpointException(Reason.MALFORMED_CHECKPOINT, detail);
  }
}
