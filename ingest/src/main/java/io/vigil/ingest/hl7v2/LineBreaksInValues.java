package io.vigil.ingest.hl7v2;

import io.vigil.ingest.validation.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Line breaks typed into a field value (a result comment entered with Enter, a narrative OBX-5, a
 * two-line street) that the sender did not escape. HL7 v2 ends a segment with a carriage return
 * only, but senders and their engines write CR, LF or CRLF, so the decoder reads every line end as
 * one; the line after such a break then begins with no segment id, and the whole message was
 * refused ({@code HL7_SEGMENT_MALFORMED}) for a comment. Such a line is joined back onto the
 * segment it belongs to, as the line break it was ({@code \.br\}, the escape of a formatted text
 * line), with a warning per segment; the stored message keeps the bytes as received.
 */
final class LineBreaksInValues {

  /** At most this many warnings: one per broken segment, the first ones, say enough. */
  private static final int MAX_FINDINGS = 10;

  /**
   * The text to parse and a warning per segment a line was joined onto.
   *
   * @param text the message with the broken lines joined (the input itself when there are none)
   * @param findings one {@code VALUE_LINE_BREAK} warning per segment joined onto
   */
  record Joined(String text, List<Finding> findings) {}

  private LineBreaksInValues() {}

  /**
   * Joins the lines of {@code text} (segments separated by CR, an MSH first) that do not begin with
   * a segment id and the field separator onto the segment before them.
   */
  static Joined join(String text) {
    if (text.length() < 4
        || !text.startsWith("MSH")
        || !anyBrokenLine(text, text.charAt(3))
        || !Hl7Parser.hasUsableEncodingCharacters(text)) {
      return new Joined(text, List.of()); // every line is a segment, as in almost every message
    }
    char fieldSeparator = text.charAt(3);
    char escape = text.length() > 6 ? text.charAt(6) : '\\';
    String lineBreak = escape + ".br" + escape;
    StringBuilder out = new StringBuilder(text.length() + 16);
    List<Finding> findings = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    String current = "";
    int ordinal = 0;
    boolean reported = false;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\r', start);
      if (end < 0) {
        end = text.length();
      }
      if (start == 0 || isSegment(text, start, end, fieldSeparator)) {
        if (start > 0) {
          out.append('\r');
        }
        current = text.substring(start, Math.min(start + 3, end));
        ordinal = seen.merge(current, 1, Integer::sum);
        reported = false;
      } else {
        out.append(lineBreak);
        if (!reported && findings.size() < MAX_FINDINGS) {
          findings.add(finding(current, ordinal));
          reported = true;
        }
      }
      out.append(text, start, end);
      start = end + 1;
    }
    return new Joined(out.toString(), findings);
  }

  private static boolean anyBrokenLine(String text, char fieldSeparator) {
    for (int start = text.indexOf('\r') + 1; start > 0; start = text.indexOf('\r', start) + 1) {
      int end = text.indexOf('\r', start);
      if (!isSegment(text, start, end < 0 ? text.length() : end, fieldSeparator)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Three letters or digits, then the field separator (after stray spaces, "OBX |": a segment with
   * a typo, for the parser to refuse, not text): a segment id. A line of three letters alone is a
   * segment without fields only for an id these messages carry or a Z-segment; "NEG", "Yes" are
   * text.
   */
  private static boolean isSegment(String text, int start, int end, char fieldSeparator) {
    if (end - start < 3
        || !Character.isLetterOrDigit(text.charAt(start))
        || !Character.isLetterOrDigit(text.charAt(start + 1))
        || !Character.isLetterOrDigit(text.charAt(start + 2))) {
      return false;
    }
    if (end - start == 3) {
      String id = text.substring(start, end);
      return RunOnSegments.DEFINED_FIELDS.containsKey(id) || id.charAt(0) == 'Z';
    }
    int i = start + 3;
    while (i < end && text.charAt(i) == ' ') {
      i++;
    }
    return i < end && text.charAt(i) == fieldSeparator;
  }

  private static Finding finding(String segment, int ordinal) {
    String at = segment + "(" + ordinal + ")";
    return Finding.warning(
        "VALUE_LINE_BREAK",
        102,
        at,
        "A line break inside a field value of "
            + at
            + " split the segment: the line after it, which begins with no segment id, was read"
            + " as part of that value (a line break, \\.br\\); escape line breaks in values as"
            + " \\.br\\ (FT) or send the lines as repetitions or further NTE segments");
  }
}
