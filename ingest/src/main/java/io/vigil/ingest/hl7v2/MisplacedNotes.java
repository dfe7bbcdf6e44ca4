package io.vigil.ingest.hl7v2;

import io.vigil.ingest.validation.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Notes ({@code NTE}) where ORU^R01 v2.5.1 allows none: after the {@code ORC} (a habit of feeds
 * built from ORM orders), after {@code TQ1}, {@code NK1} or {@code PV1}, or before the {@code PID}.
 * HAPI cannot place such a note, appends it outside the structure, and then cannot place anything
 * after it either, so one misplaced comment cost the whole order ({@code OBR_MISSING}) or the
 * patient. The hub reads nothing from notes, so such a note is set aside before parsing, with a
 * warning; the stored message keeps it, byte for byte.
 */
final class MisplacedNotes {

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
   * @param findings one {@code NTE_MISPLACED} warning per note set aside
   */
  record SetAside(String text, List<Finding> findings) {}

  private MisplacedNotes() {}

  /** Sets aside the NTE segments of an ORU^R01 text (segments separated by CR) no note may take. */
  static SetAside of(String text) {
    if (!anyMisplaced(text)) {
      // No notes, or notes where they belong, as in most feeds: nothing to copy.
      return new SetAside(text, List.of());
    }
    List<Finding> findings = new ArrayList<>();
    StringBuilder kept = new StringBuilder(text.length());
    String previous = "";
    int notes = 0;
    for (String segment : Er7.segments(text)) {
      String id = segment.length() >= 3 ? segment.substring(0, 3) : segment;
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

  /** Whether an NTE follows a segment no note may follow, read in place. */
  private static boolean anyMisplaced(String text) {
    for (int at = text.indexOf("\rNTE"); at >= 0; at = text.indexOf("\rNTE", at + 1)) {
      // The segment before this run of notes.
      int start = text.lastIndexOf('\r', at - 1) + 1;
      while (text.startsWith("NTE", start) && start > 0) {
        start = text.lastIndexOf('\r', start - 2) + 1;
      }
      if (at - start >= 3 && NO_NOTE_AFTER.contains(text.substring(start, start + 3))) {
        return true;
      }
    }
    return false;
  }
}
