package io.vigil.ingest.hl7v2;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Slices an HTTP body or an MLLP frame into the exact bytes of each HL7 v2 message it carries, so
 * every message of an FHS/BHS batch (or of messages sent back to back without one) is stored byte
 * for byte as it was received. Works on bytes: segment names are ASCII in every charset HL7 v2
 * senders use (ASCII, UTF-8, ISO-8859-x); a body in UTF-16 (with a byte-order mark, or without one
 * as {@link Hl7Decoder} detects it) is sliced on its two-byte code units, each message's bytes
 * still exactly as received.
 *
 * @param messages each message's bytes, from its MSH to the end of its last segment terminator
 * @param batch true when the body had FHS or BHS headers
 * @param fileHeader the FHS segment text (ISO-8859-1 view; UTF-16 decoded), empty when absent
 * @param batchHeader the BHS segment text (ISO-8859-1 view; UTF-16 decoded), empty when absent
 * @param declaredCount the message count the trailers declare (BTS-1, summed over the batches of a
 *     file), or -1 when no BTS states one: a mismatch means messages were lost on the way
 * @param trailed false when a batch (FHS/BHS) has no BTS or FTS after its last message: the file
 *     may have been cut, and with it the last message
 */
public record RawBatch(
    List<byte[]> messages,
    boolean batch,
    String fileHeader,
    String batchHeader,
    int declaredCount,
    boolean trailed) {

  /** {@link #declaredCount} when no trailer states a count. */
  public static final int NOT_DECLARED = -1;

  /** Whether the trailers state a message count that differs from the messages received. */
  public boolean countMismatch() {
    return declaredCount != NOT_DECLARED && declaredCount != messages.size();
  }

  /**
   * Slices {@code body}; a body without MSH yields one "message" holding the whole body (an
   * envelope without MSH, an empty batch, none). Blank lines, and spaces, control characters or a
   * byte-order mark before a segment, are not content: senders' files and frames often start with a
   * line end, and that is not a message of its own.
   */
  public static RawBatch slice(byte[] body) {
    Units units = Units.of(body);
    List<byte[]> messages = new ArrayList<>();
    String fhs = "";
    String bhs = "";
    int messageStart = -1;
    int declared = NOT_DECLARED;
    boolean trailed = true;
    int n = units.length();
    int i = 0;
    while (i < n) {
      int lineEnd = i;
      while (lineEnd < n && !units.isLineEnd(lineEnd)) {
        lineEnd++;
      }
      int next = lineEnd;
      while (next < n && units.isLineEnd(next)) {
        next++;
      }
      int segment = units.skipBlank(i, lineEnd);
      String name = lineEnd - segment < 3 ? "" : units.text(segment, segment + 3);
      switch (name) {
        case "MSH" -> {
          addMessage(messages, units, messageStart, i);
          messageStart = segment;
          trailed = false;
        }
        case "FHS", "BHS", "BTS", "FTS" -> {
          addMessage(messages, units, messageStart, i);
          messageStart = -1;
          if (name.equals("FHS")) {
            fhs = units.text(segment, lineEnd);
          } else if (name.equals("BHS")) {
            bhs = units.text(segment, lineEnd);
          } else {
            trailed = true;
            if (name.equals("BTS")) {
              int count = trailerCount(units, segment, lineEnd);
              if (count >= 0) {
                declared = (declared == NOT_DECLARED ? 0 : declared) + count;
              }
            }
          }
        }
        default -> {
          if (segment < lineEnd
              && messageStart < 0
              && messages.isEmpty()
              && fhs.isEmpty()
              && bhs.isEmpty()) {
            messageStart = i; // leading junk: let the examiner reject it as a whole
          }
        }
      }
      i = next;
    }
    addMessage(messages, units, messageStart, n);
    boolean batch = !fhs.isEmpty() || !bhs.isEmpty();
    if (messages.isEmpty() && !batch) {
      messages.add(body.clone());
    }
    return new RawBatch(List.copyOf(messages), batch, fhs, bhs, declared, !batch || trailed);
  }

  /**
   * BTS-1 (batch message count) of the trailer at {@code [from, to)}: a whole number after the
   * field separator, or -1 when it is empty or not one.
   */
  private static int trailerCount(Units units, int from, int to) {
    if (to - from < 5) {
      return NOT_DECLARED; // "BTS", its field separator and at least one digit
    }
    int i = from + 4;
    long count = 0;
    int digits = 0;
    while (i < to && units.at(i) >= '0' && units.at(i) <= '9' && digits < 9) {
      count = count * 10 + (units.at(i) - '0');
      digits++;
      i++;
    }
    boolean fieldEnds = i == to || units.at(i) == units.at(from + 3) || units.at(i) == ' ';
    return digits > 0 && fieldEnds ? (int) count : NOT_DECLARED;
  }

  /**
   * Whether {@code body} holds at most one message and no batch envelope: no FHS/BHS, and no MSH
   * after its first line. A scan without copies, for the MLLP path where one message per frame is
   * the rule and {@link #slice} would copy it.
   */
  public static boolean isSingleMessage(byte[] body) {
    Units units = Units.of(body);
    int n = units.length();
    int start = units.skipBlank(0, n);
    if (units.isEnvelope(start)) {
      return false;
    }
    for (int i = start; i < n - 3; i++) {
      if (units.isLineEnd(i)) {
        int next = units.skipBlank(i + 1, n);
        if (units.isEnvelope(next) || units.startsWith(next, "MSH")) {
          return false;
        }
        i = next - 1;
      }
    }
    return true;
  }

  private static void addMessage(List<byte[]> messages, Units units, int from, int to) {
    if (from >= 0 && to > from) {
      messages.add(units.copy(from, to));
    }
  }

  /**
   * A body's code units: its bytes, or, in UTF-16, its two-byte units (where "MSH" is six bytes
   * with a NUL beside each letter), so one slicing serves both.
   *
   * @param width bytes per unit: 1, or 2 for UTF-16
   * @param bigEndian the byte order of a two-byte unit
   * @param start the first byte of the first unit (after a UTF-16 byte-order mark)
   */
  private record Units(byte[] body, int width, boolean bigEndian, int start) {

    static Units of(byte[] body) {
      if (body.length >= 2 && (body[0] & 0xFF) == 0xFE && (body[1] & 0xFF) == 0xFF) {
        return new Units(body, 2, true, 2);
      }
      if (body.length >= 2 && (body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xFE) {
        return new Units(body, 2, false, 2);
      }
      return Hl7Decoder.utf16WithoutMark(body)
          .map(cs -> new Units(body, 2, cs.equals(StandardCharsets.UTF_16BE), 0))
          .orElseGet(() -> new Units(body, 1, false, 0));
    }

    int length() {
      return (body.length - start) / width;
    }

    int at(int i) {
      if (width == 1) {
        return body[i] & 0xFF;
      }
      int b0 = body[start + 2 * i] & 0xFF;
      int b1 = body[start + 2 * i + 1] & 0xFF;
      return bigEndian ? (b0 << 8) | b1 : (b1 << 8) | b0;
    }

    boolean isLineEnd(int i) {
      int u = at(i);
      return u == '\r' || u == '\n';
    }

    byte[] copy(int from, int to) {
      return Arrays.copyOfRange(body, start + from * width, start + to * width);
    }

    /** Units {@code [from, to)} as text: ISO-8859-1 for bytes, the UTF-16 they are otherwise. */
    String text(int from, int to) {
      Charset cs =
          width == 1
              ? StandardCharsets.ISO_8859_1
              : bigEndian ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE;
      return new String(body, start + from * width, (to - from) * width, cs);
    }

    boolean startsWith(int at, String id) {
      return at + 3 <= length()
          && at(at) == id.charAt(0)
          && at(at + 1) == id.charAt(1)
          && at(at + 2) == id.charAt(2);
    }

    boolean isEnvelope(int at) {
      return startsWith(at, "FHS") || startsWith(at, "BHS");
    }

    /**
     * The first unit from {@code from} (before {@code to}) that is not a space, a control character
     * or part of a byte-order mark: where a segment's name starts, if the line holds one.
     */
    int skipBlank(int from, int to) {
      int i = from;
      while (i < to) {
        int u = at(i);
        if (u <= 0x20 || u == 0x7F || u == 0xFEFF) {
          i++;
        } else if (width == 1
            && u == 0xEF
            && i + 2 < to
            && at(i + 1) == 0xBB
            && at(i + 2) == 0xBF) {
          i += 3;
        } else {
          break;
        }
      }
      return i;
    }
  }
}
