package io.vigil.ingest.deid;

import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.validation.CultureText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An isolate a culture reports as text ({@code Shigella sonnei}, OBX-2 ST) instead of a SNOMED CT
 * organism: under a test the value set decides by organism ({@code *}: 625-4, 6463-4) such a result
 * named no condition, so a Salmonella or Shigella isolate vanished without a word. The organisms of
 * the value set's organism rows are read from their names, as the coded organism a sender should
 * have sent ({@link #organism}); the sender is told to code it ({@code OBX5_ORGANISM_NOT_CODED},
 * {@link #isUncodedFinding}). A text that says nothing grew, or hedges, names no organism.
 */
public final class CultureIsolates implements CultureText {

  /**
   * Names, as labs write them, of organisms the bundled value set lists, with the SNOMED CT code it
   * lists them under: the value set, maybe a jurisdiction's, then decides the condition, as for a
   * coded isolate. Salmonella Typhi and Paratyphi are typhoid and paratyphoid fever, not
   * salmonellosis: they are read as no organism of the set, as their codes are.
   */
  private static final Map<Pattern, Coding> NAMES = new LinkedHashMap<>();

  static {
    name("\\bSALMONELLA\\b(?!.*\\b(PARA)?TYPHI\\b)", "27268008", "Salmonella");
    name("\\bSHIGELLA\\b", "77352002", "Shigella");
    name(
        "\\bSTEC\\b|\\bSHIGA TOXIN|\\bEHEC\\b|\\bENTEROHEMORRHAGIC\\b|\\b(E\\.?|ESCHERICHIA) ?COLI [O0]157\\b",
        "116394005",
        "Shiga toxin-producing Escherichia coli");
    name("\\bBORDETELLA PERTUSSIS\\b|\\bB\\. ?PERTUSSIS\\b", "5247005", "Bordetella pertussis");
    name(
        "\\bNEISSERIA GONORRHOEAE\\b|\\bN\\. ?GONORRHOEAE\\b", "68704007", "Neisseria gonorrhoeae");
    name(
        "\\bCHLAMYDIA TRACHOMATIS\\b|\\bC\\. ?TRACHOMATIS\\b", "63938009", "Chlamydia trachomatis");
  }

  /**
   * Words of a text that says nothing grew or hedges: "No Salmonella or Shigella isolated", "Normal
   * flora", "Negative for Shigella", "Inconclusive", "Rule out Salmonella".
   */
  private static final Pattern NOTHING_GREW =
      Pattern.compile(
          "\\b(NO|NOT|NONE|NEGATIVE|NORMAL|FLORA|ABSENT|INCONCLUSIVE|INDETERMINATE|EQUIVOCAL"
              + "|INVALID|RULE OUT|RULED OUT)\\b");

  private final ReportableConditions conditions;

  public CultureIsolates(ReportableConditions conditions) {
    this.conditions = Objects.requireNonNull(conditions);
  }

  private static void name(String pattern, String snomed, String display) {
    NAMES.put(Pattern.compile(pattern), new Coding(Coding.SNOMED, snomed, display));
  }

  /**
   * Whether OBX-5 text under this LOINC test is what a culture grew, which the sender should code:
   * the value set decides the test by organism, and the text is no number (a cycle threshold) and
   * does not say that nothing grew or that no result was obtained.
   */
  @Override
  public boolean isUncodedFinding(String loinc, String text) {
    return conditions.decidedByOrganism(new Coding(Coding.LOINC, loinc, "")) && grew(text);
  }

  /**
   * The organism of the value set a culture's text names ("Salmonella enterica serovar
   * Typhimurium", "Shigella sonnei", "E. coli O157:H7"), as the SNOMED CT organism it would have
   * been coded with; empty when it names none, or says that nothing grew.
   */
  static Optional<Coding> organism(String text) {
    if (!grew(text) || HEDGED.matcher(Interpretation.normalized(text)).find()) {
      return Optional.empty();
    }
    // The identification is the organism the text begins with ("Salmonella species, further
    // identification to follow"); a comment that only names it ("Culture screened for Salmonella",
    // "See Salmonella susceptibility report", "Shigella species to follow") identifies nothing.
    String first = CLAUSES.split(text.strip(), 2)[0];
    String t = LEADING_WORDS.matcher(Interpretation.normalized(first)).replaceFirst("");
    if (PENDING.matcher(t).find()) {
      return Optional.empty();
    }
    return NAMES.entrySet().stream()
        .filter(e -> e.getKey().matcher(t).lookingAt())
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** Where a text's first statement ends: the rest may defer details or say where it was sent. */
  private static final Pattern CLAUSES = Pattern.compile("[;,~\\n]| - ");

  /** What may come before the organism's name: a heading, or how much of it grew. */
  private static final Pattern LEADING_WORDS =
      Pattern.compile(
          "^((FINAL|PRELIMINARY|ORGANISM|ORGANISMS|ISOLATE|ISOLATED|IDENTIFICATION|RESULT)S?"
              + "( \\d+)?\\s*:\\s*)?((HEAVY|MODERATE|LIGHT|SCANT|FEW|RARE|MANY|NUMEROUS)"
              + " (GROWTH )?(OF )?)?");

  /** Words anywhere in the text that make it no identification: a suspicion, not a finding. */
  private static final Pattern HEDGED =
      Pattern.compile(
          "\\b(SUSPECT(ED)?|PRESUMPTIVE|PRESUMED|PROBABLE|POSSIBLE|LIKE|UNABLE|SCREEN(ED|ING)?"
              + "|IN PROGRESS|PENDING|QUESTIONABLE)\\b");

  /** Words in the first statement that defer the identification or only refer to it. */
  private static final Pattern PENDING =
      Pattern.compile(
          "\\b(TO FOLLOW|SEE|REFER|SENT|FORWARD(ED)?|SUBMITTED|CONFIRMATION|TESTING|TEST FOR"
              + "|CULTURE|RESULTS?|WITHIN|TYPICALLY|INCLUDES?)\\b");

  /** Whether a text reports something found: words, not a negative or a result not obtained. */
  private static boolean grew(String text) {
    String t = Interpretation.normalized(text);
    return !t.isEmpty()
        && Character.isLetter(t.charAt(0))
        && !NOTHING_GREW.matcher(t).find()
        && !Interpretation.ofText(text).equals(Interpretation.NEGATIVE)
        && !Interpretation.saysNoResult(text);
  }
}
