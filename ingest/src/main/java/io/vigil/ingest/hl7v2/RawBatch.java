package io.vigil.ingest.hl7v2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Slices an HTTP body or an MLLP frame into the exact bytes of each HL7 v2 message it carries, so
 * every message of an FHS/BHS batch (or of messages sent back to back without one) is stored byte
 * for byte as it was received. Works on bytes: segment names are ASCII in every charset HL7 v2
 * senders use (ASCII, UTF-8, ISO-8859-x).
 *
 * @param messages each message's bytes, from its MSH to the end of its last segment terminator
 * @param batch true when the body had FHS or BHS headers
 * @param fileHeader the FHS segment text (ISO-8859-1 view), empty when absent
 * @param batchHeader the BHS segment text (ISO-8859-1 view), empty when absent
 * @param declaredCount the message count the trailers declare (BTS-1, summed over the batches of a
 *     file), or -1 when no BTS states one: a mismatch means messages were lost on the way
 */
public record RawBatch(
    List<byte[]> messages,
    boolean batch,
    String fileHeader,
    String batchHeader,
    int declaredCount) {

  /** {@link #declaredCount} when no trailer states a count. */
  public static final int NOT_DECLARED = -1;

  /** Whether the trailers state a message count that differs from the messages received. */
  public boolean countMismatch() {
    return declaredCount != NOT_DECLARED && declaredCount != messages.size();
  }

  /**
   * Slices {@code body}; a body without MSH yields one "message" holding the whole body. Blank
   * lines, and spaces, control characters or a byte-order mark before a segment, are not content:
   * senders' files and frames often start with a line end, and that is not a message of its own.
   */
  public static RawBatch slice(byte[] body) {
    List<byte[]> messages = new ArrayList<>();
    String fhs = "";
    String bhs = "";
    int messageStart = -1;
    int declared = NOT_DECLARED;
    int i = 0;
    while (i < body.length) {
      int lineEnd = i;
      while (lineEnd < body.length && body[lineEnd] != '\r' && body[lineEnd] != '\n') {
        lineEnd++;
      }
      int next = lineEnd;
      while (next < body.length && (body[next] == '\r' || body[next] == '\n')) {
        next++;
      }
      int segment = skipBlank(body, i, lineEnd);
      String name = segmentName(body, segment, lineEnd);
      switch (name) {
        case "MSH" -> {
          addMessage(messages, body, messageStart, i);
          messageStart = segment;
        }
        case "FHS", "BHS", "BTS", "FTS" -> {
          addMessage(messages, body, messageStart, i);
          messageStart = -1;
          if (name.equals("FHS")) {
            fhs = new String(body, segment, lineEnd - segment, StandardCharsets.ISO_8859_1);
          } else if (name.equals("BHS")) {
            bhs = new String(body, segment, lineEnd - segment, StandardCharsets.ISO_8859_1);
          } else if (name.equals("BTS")) {
            int count = trailerCount(body, segment, lineEnd);
            if (count >= 0) {
              declared = (declared == NOT_DECLARED ? 0 : declared) + count;
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
    addMessage(messages, body, messageStart, body.length);
    boolean batch = !fhs.isEmpty() || !bhs.isEmpty();
    if (messages.isEmpty() && !batch) {
      messages.add(body.clone());
    }
    return new RawBatch(List.copyOf(messages), batch, fhs, bhs, declared);
  }

  /**
   * BTS-1 (batch message count) of the trailer at {@code [from, to)}: a whole number after the
   * field separator, or -1 when it is empty or not one.
   */
  private static int trailerCount(byte[] body, int from, int to) {
    if (to - from < 5) {
      return NOT_DECLARED; // "BTS", its field separator and at least one digit
    }
    int i = from + 4;
    long count = 0;
    int digits = 0;
    while (i < to && body[i] >= '0' && body[i] <= '9' && digits < 9) {
      count = count * 10 + (body[i] - '0');
      digits++;
      i++;
    }
    boolean fieldEnds = i == to || body[i] == body[from + 3] || body[i] == ' ';
    return digits > 0 && fieldEnds ? (int) count : NOT_DECLARED;
  }

  /**
   * Whether {@code body} holds at most one message and no batch envelope: no FHS/BHS, and no MSH
   * after its first line. A byte scan without copies, for the MLLP path where one message per frame
   * is the rule and {@link #slice} would copy it.
   */
  public static boolean isSingleMessage(byte[] body) {
    int start = skipBlank(body, 0, body.length);
    if (isEnvelope(body, start)) {
      return false;
    }
    for (int i = start; i < body.length - 3; i++) {
      byte b = body[i];
      if (b == '\r' || b == '\n') {
        int next = skipBlank(body, i + 1, body.length);
        if (isEnvelope(body, next) || startsWith(body, next, "MSH")) {
          return false;
        }
        i = next - 1;
      }
    }
    return true;
  }

  /**
   * The first byte from {@code from} (before {@code to}) that is not a space, a control character
   * or part of a UTF-8 byte-order mark: where a segment's name starts, if the line holds one.
   */
  private static int skipBlank(byte[] body, int from, int to) {
    int i = from;
    while (i < to) {
      int b = body[i] & 0xFF;
      if (b <= 0x20 || b == 0x7F) {
        i++;
      } else if (b == 0xEF
          && i + 2 < to
          && (body[i + 1] & 0xFF) == 0xBB
          && (body[i + 2] & 0xFF) == 0xBF) {
        i += 3;
      } else {
        break;
      }
    }
    return i;
  }

  private static boolean isEnvelope(byte[] body, int at) {
    return startsWith(body, at, "FHS") || startsWith(body, at, "BHS");
  }

  private static boolean startsWith(byte[] body, int at, String id) {
    return at + 3 <= body.length
        && body[at] == id.charAt(0)
        && body[at + 1] == id.charAt(1)
        && body[at + 2] == id.charAt(2);
  }

  private static void addMessage(List<byte[]> messages, byte[] body, int from, int to) {
    if (from >= 0 && to > from) {
      byte[] m = new byte[to - from];
      System.arraycopy(body, from, m, 0, m.length);
      messages.add(m);
    }
  }

  private static String segmentName(byte[] body, int from, int lineEnd) {
    if (lineEnd - from < 3) {
      return "";
    }
    return new String(body, from, 3, StandardCharsets.ISO_8859_1);
  }
}
