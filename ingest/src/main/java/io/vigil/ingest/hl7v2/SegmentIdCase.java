package io.vigil.ingest.hl7v2;

import io.vigil.ingest.validation.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Segment ids written in lower case ({@code obx|…}, hand-built or lower-cased by a script): HAPI
 * knows no such segment and reads nothing of it, so the result or dose it held was lost, and in a
 * VXU the whole message failed for one dose. An id of a segment these messages carry is read in
 * capitals before parsing, with a warning per segment; the stored message keeps its bytes.
 */
final class SegmentIdCase {

  private SegmentIdCase() {}

  /**
   * The text with lower-case ids of known segments in capitals, and a warning per segment.
   *
   * @param text the message text with those ids in capitals (the input itself when there are none)
   * @param findings one {@code SEGMENT_ID_CASE} warning per segment read so
   */
  record Read(String text, List<Finding> findings) {}

  /** Reads the ids of {@code text} (segments separated by CR, an MSH first). */
  static Read of(String text) {
    if (text.length() < 4 || !text.startsWith("MSH")) {
      return new Read(text, List.of());
    }
    char fieldSeparator = text.charAt(3);
    if (!anyLowerCaseId(text, fieldSeparator)) {
      return new Read(text, List.of()); // ids in capitals, as in almost every message
    }
    StringBuilder out = null;
    List<Finding> findings = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int start = 0; start < text.length(); ) {
      int end = text.indexOf('\r', start);
      if (end < 0) {
        end = text.length();
      }
      if (end - start > 3 && text.charAt(start + 3) == fieldSeparator) {
        String id = text.substring(start, start + 3);
        String capitals = id.toUpperCase(Locale.ROOT);
        int n = seen.merge(capitals, 1, Integer::sum);
        if (!id.equals(capitals) && RunOnSegments.DEFINED_FIELDS.containsKey(capitals)) {
          if (out == null) {
            out = new StringBuilder(text);
          }
          out.replace(start, start + 3, capitals);
          findings.add(
              Finding.warning(
                  "SEGMENT_ID_CASE",
                  100,
                  capitals + "(" + n + ")",
                  capitals
                      + "("
                      + n
                      + ") is written in lower case: segment ids are upper case; it was read as "
                      + capitals));
        }
      }
      start = end + 1;
    }
    return out == null ? new Read(text, List.of()) : new Read(out.toString(), findings);
  }

  /** A scan without copies: whether a segment id has a lower-case letter. */
  private static boolean anyLowerCaseId(String text, char fieldSeparator) {
    for (int start = 0; start >= 0 && start + 3 < text.length(); ) {
      if (text.charAt(start + 3) == fieldSeparator
          && (Character.isLowerCase(text.charAt(start))
              || Character.isLowerCase(text.charAt(start + 1))
              || Character.isLowerCase(text.charAt(start + 2)))) {
        return true;
      }
      int end = text.indexOf('\r', start);
      start = end < 0 ? -1 : end + 1;
    }
    return false;
  }
}
