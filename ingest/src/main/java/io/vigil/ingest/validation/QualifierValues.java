package io.vigil.ingest.validation;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SNOMED CT qualifier values US ELR codes qualitative results with (Detected, Not detected,
 * Positive, …) and what each says. The trends read a result by them; the validator tells a sender
 * whose code and its own text say opposite things ({@code 260373001^Not detected^SCT}, a mapping
 * table one row off), which the trends then count as indeterminate.
 */
public final class QualifierValues {
  public static final String POSITIVE = "positive";
  public static final String NEGATIVE = "negative";
  public static final String INDETERMINATE = "indeterminate";

  private static final Map<String, String> MEANINGS =
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
          Map.entry("125154007", INDETERMINATE), // Specimen unsatisfactory for evaluation
          Map.entry("52101004", POSITIVE), // Present
          Map.entry("2667000", NEGATIVE), // Absent
          Map.entry("455371000124106", INDETERMINATE)); // Invalid result

  /** A qualifier's own display that says the opposite of a positive one. */
  private static final Pattern SAYS_NEGATIVE =
      Pattern.compile("\\b(NOT|NON|NO|NEGATIVE|NEG|ABSENT|UNDETECTED|NONREACTIVE)\\b");

  private static final Pattern SAYS_POSITIVE =
      Pattern.compile("\\b(DETECTED|POSITIVE|POS|REACTIVE|PRESENT)\\b");

  private QualifierValues() {}

  /** What a SNOMED CT qualifier value says; empty for any other code. */
  public static Optional<String> meaning(String snomedCode) {
    return Optional.ofNullable(MEANINGS.get(snomedCode));
  }

  /**
   * Whether the display sent with a qualifier value says the opposite of the code ("Not detected"
   * beside 260373001 Detected, "Positive" beside 260385009 Negative).
   */
  public static boolean contradicts(String snomedCode, String display) {
    String meaning = MEANINGS.get(snomedCode);
    if (meaning == null || display == null || display.isBlank()) {
      return false;
    }
    String d = display.toUpperCase(Locale.ROOT).replace('-', ' ');
    boolean negative = SAYS_NEGATIVE.matcher(d).find();
    boolean positive = !negative && SAYS_POSITIVE.matcher(d).find();
    return meaning.equals(POSITIVE) && negative || meaning.equals(NEGATIVE) && positive;
  }
}
