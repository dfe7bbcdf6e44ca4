package io.vigil.ingest.hl7v2;

import io.vigil.ingest.validation.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Segments the hub does not read, sent where ORU^R01 v2.5.1 has no place for them. HAPI cannot
 * place such a segment, appends it outside the structure, and then cannot place anything after it
 * either, so one misplaced comment cost the whole order ({@code OBR_MISSING}) or the patient. Such
 * a segment is set aside before parsing, with a warning; the stored message keeps it, byte for
 * byte:
 *
 * <ul>
 *   <li>notes ({@code NTE}) after the {@code ORC} (a habit of feeds built from ORM orders), after
 *       {@code TQ1}, {@code NK1} or {@code PV1}, or before the {@code PID};
 *   <li>timing ({@code TQ1}, {@code TQ2}) between the {@code ORC} and its {@code OBR}, the layout
 *       of order messages (OML, ORM); ORU^R01 puts it after the OBR.
 * </ul>
 */
final class MisplacedSegments {

  /**
   * Segments an NTE cannot follow in ORU^R01 v2.5.1 without HAPI losing what comes after it. Notes
   * may follow PID, PD1, OBR and OBX (and, as HAPI reads them harmlessly, SPM).
   */
  private static final Set<String> NO_NOTE_AFTER =
      Set.of("MSH", "SFT", "NK1", "PV1", "PV2", "ORC", "TQ1", "TQ2", "CTD", "FT1", "CTI");

  /**
   * The text to parse and a warning per note set aside.
   *
   * @param text the message text without the misplaced notes (the input itself when there are none)
   * @param findings one {@code NTE_MISPLACED} or {@code TQ1_MISPLACED} warning per segment set
   *     aside
   */
  record SetAside(String text, List<Finding> findings) {}

  private MisplacedSegments() {}

  /** Sets aside the misplaced NTE, TQ1 and TQ2 segments of an ORU^R01 text (separated by CR). */
  static SetAside of(String text) {
    if (!anyMisplaced(text)) {
      // No notes or timing, or where they belong, as in most feeds: nothing to copy.
      return new SetAside(text, List.of());
    }
    return setAside(text);
  }

  /** {@link #of} without the quick check first. */
  static SetAside setAside(String text) {
    List<Finding> findings = new ArrayList<>();
    StringBuilder kept = new StringBuilder(text.length());
    String previous = "";
    int notes = 0;
    int tq1s = 0;
    int tq2s = 0;
    for (String segment : Er7.segments(text)) {
      String id = segment.length() >= 3 ? segment.substring(0, 3) : segment;
      if (id.equals("TQ1") || id.equals("TQ2")) {
        int n = id.equals("TQ1") ? ++tq1s : ++tq2s;
        if (previous.equals("ORC")) {
          findings.add(
              Finding.warning(
                  "TQ1_MISPLACED",
                  100,
                  id + "(" + n + ")",
                  "A "
                      + id
                      + " between ORC and OBR is where ORU^R01 has no timing (it follows the OBR):"
                      + " it was set aside, kept in the stored message but not read, so the order"
                      + " after it could be"));
          continue; // previous stays ORC: a note or another timing after it is judged as there
        }
      }
      if (id.equals("NTE")) {
        notes++;
        if (NO_NOTE_AFTER.contains(previous)) {
          findings.add(
              Finding.warning(
                  "NTE_MISPLACED",
                  100,
                  "NTE(" + notes + ")",
                  "An NTE after "
                      + previous
                      + " is where ORU^R01 allows no note (notes follow PID, OBR or OBX): it was"
                      + " set aside, kept in the stored message but not read, so the segments"
                      + " after it could be"));
          continue;
        }
      } else {
        previous = id;
      }
      if (!kept.isEmpty()) {
        kept.append('\r');
      }
      kept.append(segment);
    }
    return new SetAside(kept.toString(), findings);
  }

  /**
   * Whether an NTE follows a segment no note may follow, or a TQ1 the ORC, read in place: one pass,
   * remembering the last segment that is not a note, as {@link #of} reads them. It once walked back
   * over the whole run of notes before each note, and a message of 120,000 notes after an OBX (1
   * MB, legal ELR) took a CPU thread for 100 s before its sender was even checked.
   */
  static boolean anyMisplaced(String text) {
    if (!text.contains("\rNTE")) {
      return text.contains("\rTQ1") && orcThenTiming(text);
    }
    if (text.contains("\rTQ1") && orcThenTiming(text)) {
      return true;
    }
    String previous = null; // the last segment that is not a note (its id), as of() reads it
    for (int start = 0; start < text.length(); ) {
      int end = text.indexOf('\r', start);
      if (end < 0) {
        end = text.length();
      }
      if (end > start) { // of() skips empty segments
        if (text.startsWith("NTE", start)) {
          if (previous != null && NO_NOTE_AFTER.contains(previous)) {
            return true;
          }
        } else {
          previous = text.substring(start, Math.min(end, start + 3));
        }
      }
      start = end + 1;
    }
    return false;
  }

  private static boolean orcThenTiming(String text) {
    for (int at = text.indexOf("\rTQ1"); at >= 0; at = text.indexOf("\rTQ1", at + 1)) {
      int start = text.lastIndexOf('\r', at - 1) + 1;
      if (text.startsWith("ORC", start)) {
        return true;
      }
    }
    return false;
  }
}
