package io.vigil.ingest.deid;

import io.vigil.ingest.canonical.Coding;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A viral load read from its number, not its abnormal flag. A quantitative nucleic-acid test (HCV
 * RNA, HBV DNA, HIV-1 RNA in IU/mL, copies/mL or their log) that measured a number above zero found
 * the virus (CSTE: any quantified HCV RNA is confirmatory), and labs flag viral loads by rules of
 * their own: an unflagged 3,250,000 IU/mL was indeterminate, and a {@code <15} flagged H (its
 * reference interval being "&lt;15" or "Not detected") was positive. A value below the limit of
 * quantification ({@code <15}) is "detected, not quantifiable" or "not detected": only the lab's
 * text tells which.
 */
final class ViralLoad {

  /**
   * LOINC codes of quantitative NAA tests, checked by their LOINC names. 11259-9 is HCV RNA
   * [Presence], but labs send their HCV viral load under it (the value set's only HCV RNA code;
   * MDPH's ESP reads it as a number above 10): a number above zero is RNA found under either code.
   */
  private static final Set<String> TESTS =
      Set.of(
          "11259-9", // Hepatitis C virus RNA [Presence] in Serum or Plasma by NAA with probe
          // detection
          "11011-4", // Hepatitis C virus RNA [Units/volume] (viral load) in Serum or Plasma by NAA
          "10676-5", // Hepatitis C virus RNA [Units/volume] (viral load) in Serum or Plasma by
          // Probe
          "38180-6", // Hepatitis C virus RNA [Log units/volume] (viral load) in Serum or Plasma
          "42595-9", // Hepatitis B virus DNA [Units/volume] (viral load) in Serum or Plasma by NAA
          "20447-9", // HIV 1 RNA [#/volume] (viral load) in Serum or Plasma by NAA
          "25836-8", // HIV 1 RNA [#/volume] (viral load) in Specimen by NAA
          "41513-3"); // HIV 1 RNA [#/volume] (viral load) in Serum or Plasma by Probe, DL=400

  /**
   * A number with its comparator, as {@link Interpretation} compacts it (no carets, no spaces):
   * {@code 3250000}, {@code =1000}, {@code >100000000}, {@code 3,250,000}, {@code 1.2E6}, {@code
   * <15}, optionally followed by its unit ({@code IU/mL}, {@code [IU]/mL}, {@code copies/mL}).
   */
  private static final Pattern NUMBER =
      Pattern.compile(
          "(<=|>=|<|>|=)?(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?(?:[eE]\\+?\\d+)?(?:[A-Za-z\\[{].*)?");

  private ViralLoad() {}

  /** Whether the test is a viral load, whose number decides its outcome. */
  static boolean is(Coding test) {
    return test.isLoinc() && TESTS.contains(test.code());
  }

  /**
   * The outcome a viral load's number says; empty when no number can be read, or a value below a
   * limit ({@code <15}) is not read by the lab's further lines on it ({@code comments}): then the
   * flag decides, as the lab's "not detected" (N) or "detected, below the limit" (A) in feeds that
   * write the answer in a note. Only where the reference range itself is "Not detected" is a flag
   * on such a value no answer (Viracor flags H a {@code <20} it reports as not detected). {@code
   * value} is the result's first line without carets and spaces.
   */
  static Optional<String> of(String value, String comments, String referenceRange, String flag) {
    var m = NUMBER.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    String comparator = m.group(1) == null ? "=" : m.group(1);
    double n =
        Double.parseDouble(m.group(2).replace(",", "") + (m.group(3) == null ? "" : m.group(3)));
    if (comparator.equals("=")) {
      return Optional.of(n > 0 ? Interpretation.POSITIVE : Interpretation.NEGATIVE);
    }
    if (comparator.startsWith(">")) {
      return Optional.of(n > 0 ? Interpretation.POSITIVE : Interpretation.INDETERMINATE);
    }
    // "<15": detected below it, or not at all; the lab's words tell which.
    String said = Interpretation.ofText(comments);
    if (!said.equals(Interpretation.INDETERMINATE)) {
      return Optional.of(said);
    }
    String f = flag.strip().toUpperCase(java.util.Locale.ROOT);
    if (Interpretation.ofText(referenceRange).equals(Interpretation.NEGATIVE)
        && (f.equals("H") || f.equals("HH"))) {
      // "High" against "Not detected" is the LIS's rule for any value, not the lab's answer.
      return Optional.of(Interpretation.INDETERMINATE);
    }
    return Optional.empty(); // the flag decides: N not detected, A detected below the limit
  }
}
