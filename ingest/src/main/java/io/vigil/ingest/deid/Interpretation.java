package io.vigil.ingest.deid;

import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.canonical.LabResult;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a lab result as {@code positive}, {@code negative} or {@code indeterminate}: from a SNOMED
 * CT qualitative value first (Detected, Not detected, …), then the abnormal flag (HL7 table 0078),
 * then the value text. What cannot be read counts as indeterminate, so it is a test but never a
 * case.
 */
public final class Interpretation {
  public static final String POSITIVE = "positive";
  public static final String NEGATIVE = "negative";
  public static final String INDETERMINATE = "indeterminate";

  /** SNOMED CT qualifier values used by US ELR for qualitative results. */
  private static final Map<String, String> SNOMED_QUALIFIERS =
      Map.ofEntries(
          Map.entry("260373001", POSITIVE), // Detected
          Map.entry("10828004", POSITIVE), // Positive
          Map.entry("11214006", POSITIVE), // Reactive
          Map.entry("720735008", POSITIVE), // Presumptive positive
          Map.entry("260415000", NEGATIVE), // Not detected
          Map.entry("260385009", NEGATIVE), // Negative
          Map.entry("131194007", NEGATIVE), // Non-Reactive
          Map.entry("419984006", INDETERMINATE), // Inconclusive
          Map.entry("82334004", INDETERMINATE), // Indeterminate
          Map.entry("42425007", INDETERMINATE), // Equivocal
          Map.entry("125154007", INDETERMINATE)); // Specimen unsatisfactory for evaluation

  private static final Set<String> POSITIVE_FLAGS =
      Set.of("POS", "DET", "A", "AA", "H", "HH", "HU", ">");
  private static final Set<String> NEGATIVE_FLAGS = Set.of("NEG", "ND", "N");
  private static final Set<String> POSITIVE_TEXT =
      Set.of("DETECTED", "POSITIVE", "REACTIVE", "POS", "PRESUMPTIVE POSITIVE");
  private static final Set<String> NEGATIVE_TEXT =
      Set.of("NOT DETECTED", "NEGATIVE", "NON-REACTIVE", "NONREACTIVE", "NEG", "UNDETECTED");

  private Interpretation() {}

  /**
   * The interpretation of {@code result}; {@code organismFound} is true when the coded value is an
   * organism of the value set (a culture isolate is a positive result).
   */
  public static String of(LabResult result, boolean organismFound) {
    if (organismFound) {
      return POSITIVE;
    }
    Optional<String> coded =
        result.codedValue().filter(Coding::isSnomed).map(c -> SNOMED_QUALIFIERS.get(c.code()));
    if (coded.isPresent()) {
      return coded.get();
    }
    String flag = result.interpretation().trim().toUpperCase(Locale.ROOT);
    if (POSITIVE_FLAGS.contains(flag)) {
      return POSITIVE;
    }
    if (NEGATIVE_FLAGS.contains(flag)) {
      return NEGATIVE;
    }
    String text =
        result
            .codedValue()
            .map(Coding::display)
            .orElse(result.value())
            .trim()
            .toUpperCase(Locale.ROOT);
    if (POSITIVE_TEXT.contains(text)) {
      return POSITIVE;
    }
    if (NEGATIVE_TEXT.contains(text)) {
      return NEGATIVE;
    }
    return INDETERMINATE;
  }
}
