package io.vigil.ingest.deid;

import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.validation.CultureText;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A culture's result sent as text ({@code Shigella sonnei}, OBX-2 ST) or under a lab's own code
 * instead of a SNOMED CT organism: under a test the value set decides by organism ({@code *}:
 * 625-4, 6463-4) such a result names no condition and is not counted, so a Salmonella or Shigella
 * isolate vanished without a word. The sender is told to code it ({@code OBX5_ORGANISM_NOT_CODED}).
 * Its name is not read as an organism: culture texts are as often comments that name what the
 * culture looks for ("Culture screened for Salmonella …", "Salmonella/ Shigella: specimen
 * unsatisfactory"), and two outside reviews found any reading of them counting false cases, which
 * open investigations, where a missed text isolate was only a missed count.
 */
public final class CultureIsolates implements CultureText {

  /**
   * Words of a text that says nothing grew or that no result was obtained: "No Salmonella or
   * Shigella isolated", "Normal flora", "Negative for Shigella", "Inconclusive".
   */
  private static final Pattern NOTHING_GREW =
      Pattern.compile(
          "\\b(NO|NOT|NONE|NEGATIVE|NORMAL|FLORA|ABSENT|INCONCLUSIVE|INDETERMINATE|EQUIVOCAL"
              + "|INVALID|RULE OUT|RULED OUT)\\b");

  private final ReportableConditions conditions;

  public CultureIsolates(ReportableConditions conditions) {
    this.conditions = Objects.requireNonNull(conditions);
  }

  /**
   * Whether OBX-5 text under this LOINC test may be what a culture grew, which the sender should
   * code: the value set decides the test by organism, and the text is no number (a cycle threshold)
   * and does not say that nothing grew or that no result was obtained.
   */
  @Override
  public boolean isUncodedFinding(String loinc, String text) {
    return conditions.decidedByOrganism(new Coding(Coding.LOINC, loinc, "")) && grew(text);
  }

  /** Whether a text may report something found: words, not a negative or no result obtained. */
  private static boolean grew(String text) {
    String t = Interpretation.normalized(text);
    return !t.isEmpty()
        && Character.isLetter(t.charAt(0))
        && !NOTHING_GREW.matcher(t).find()
        && !Interpretation.ofText(text).equals(Interpretation.NEGATIVE)
        && !Interpretation.saysNoResult(text);
  }
}
