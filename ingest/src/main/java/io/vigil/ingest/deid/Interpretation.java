package io.vigil.ingest.deid;

import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.canonical.LabResult;
import io.vigil.ingest.validation.QualifierValues;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a lab result as {@code positive}, {@code negative} or {@code indeterminate}: from the value
 * first, a SNOMED CT qualifier value (Detected, Not detected, …) or the value's text (the first
 * sentence that answers), then the abnormal flag (HL7 table 0078), which is derived from the value
 * (but an A on an organism the value set does not list names no case, and a viral load's number
 * decides before it: {@link ViralLoad}), then the lab's comment lines; then, for a blood lead only,
 * the number against its own reference range (OBX-7: above it positive, within it negative, as
 * OBX-8 is only RE: elsewhere above the range may mean immunity or, for a cycle threshold, less
 * virus); then a titer below the first dilution ({@code <1:10}: negative). What cannot be read
 * counts as indeterminate, so it is a test but never a case: an organism the value set does not
 * list (a meningococcus grown on a gonorrhea culture) among them.
 */
public final class Interpretation {
  public static final String POSITIVE = QualifierValues.POSITIVE;
  public static final String NEGATIVE = QualifierValues.NEGATIVE;
  public static final String INDETERMINATE = QualifierValues.INDETERMINATE;

  /** Table 0078's flags; RR, WR and NR (reactive, weakly, non-reactive) are v2.7's serology. */
  private static final Set<String> POSITIVE_FLAGS =
      Set.of("POS", "DET", "A", "AA", "H", "HH", "HU", ">", "RR", "WR");

  private static final Set<String> NEGATIVE_FLAGS = Set.of("NEG", "ND", "N", "NR");

  /** Whole answers (after {@link #normalized}). */
  private static final Set<String> POSITIVE_TEXT = Set.of("POS", "DET", "PRESENT");

  private static final Set<String> NEGATIVE_TEXT =
      Set.of("NEG", "ND", "ABSENT", "NONREACTIVE", "NR", "TND", "NOT DET", "UNDETECTABLE");

  /** Answers that say the result is neither, whatever follows them ("Inconclusive: N1 …"). */
  private static final List<String> UNDECIDED_PHRASES =
      List.of("INCONCLUSIVE", "INDETERMINATE", "EQUIVOCAL", "BORDERLINE", "INVALID");

  /**
   * Answers that may be followed by more words ("Detected by PCR", "Negative for SARS-CoV-2"),
   * negative ones first: a phrase must be the whole text or end at a space.
   */
  private static final List<String> NEGATIVE_PHRASES =
      List.of(
          "NOT DETECTED",
          "NONE DETECTED",
          "UNDETECTED",
          "NEGATIVE",
          "NON REACTIVE",
          "NOT REACTIVE",
          "NOT ISOLATED",
          "NONE ISOLATED",
          "NO GROWTH");

  private static final List<String> POSITIVE_PHRASES =
      List.of(
          "DETECTED",
          "POSITIVE",
          "PRESUMPTIVE POSITIVE",
          "REACTIVE",
          "REPEATEDLY REACTIVE",
          "WEAKLY REACTIVE",
          "WEAKLY POSITIVE",
          "WEAK POSITIVE",
          "LOW POSITIVE",
          "ISOLATED");

  /** Words that make a sentence's "… detected" ending no positive ("Negative/Not detected"). */
  private static final Pattern NEGATION =
      Pattern.compile("\\b(NO|NOT|NONE|NEGATIVE|NORMAL|FLORA|UNDETECTED)\\b");

  /**
   * Ends of a sentence naming what was found or not ("SARS-CoV-2 RNA not detected", "COVID-19
   * NEGATIVE", "Result: Negative").
   */
  private static final List<String> NEGATIVE_ENDINGS =
      List.of(
          " NOT DETECTED",
          " NOT ISOLATED",
          " UNDETECTED",
          " UNDETECTABLE",
          " NONREACTIVE",
          " NON REACTIVE",
          " NEGATIVE",
          " NEG",
          " NOT FOUND");

  private static final List<String> POSITIVE_ENDINGS =
      List.of(" DETECTED", " REACTIVE", " POSITIVE");

  /** "&lt;1:10", "&lt;^1^:^10" (SN): a titer below the first dilution tested, not reactive. */
  private static final Pattern TITER_BELOW = Pattern.compile("<=?1:\\d+");

  private static final Pattern TRAILING_QUALIFIER =
      Pattern.compile("\\s*[(\\[][^()\\[\\]]*[)\\]]$");
  private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[.!*:;,]+$");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /** Where a result's text divides into clauses that each may answer. */
  private static final Pattern CLAUSES = Pattern.compile("[/,;]");

  /**
   * Where it divides into sentences: at a full stop (or ! ?) before a space, not inside a number.
   * The first sentence that answers is the lab's answer; what follows is a call-back note or a
   * disclaimer ("POSITIVE. Called to and read back by …", "NEGATIVE. A negative result does not
   * rule out infection").
   */
  private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?])\\s+");

  /** Leading marks that only draw the eye ("*POSITIVE*"). */
  private static final Pattern LEADING_PUNCTUATION = Pattern.compile("^[*!#.:;,]+");

  /** A clause that quotes the reference range, not the result ("Reference range: Not detected"). */
  private static final Pattern REFERENCE_CLAUSE =
      Pattern.compile("^(REF|REFERENCE|NORMAL RANGE|NORMAL VALUE|EXPECTED)\\b");

  /**
   * A sentence about the test, not this result: the fact-sheet lines emergency-use tests print
   * under every result ("Negative results do not preclude infection", "Positive results are
   * indicative of…") and quality-control lines ("Negative and positive controls performed as
   * expected", "Negative control: passed").
   */
  private static final Pattern ABOUT_THE_TEST =
      Pattern.compile(
          "^(A |AN )?(NEGATIVE|POSITIVE|NON REACTIVE|REACTIVE|DETECTED|NOT DETECTED)( TEST)?"
              + " RESULTS? (DO|DOES|ARE|IS|MAY|MUST|SHOULD|CAN|INDICATES?|SUGGESTS?|MEANS?)\\b"
              + "|\\bCONTROLS?\\b");

  /** One "No" over a list of what was looked for: "No Salmonella, Shigella or STEC isolated". */
  private static final List<String> LIST_ENDINGS =
      List.of(" DETECTED", " ISOLATED", " FOUND", " SEEN");

  /**
   * Words that answer on their own, so a list holding one is no list ("No A detected; B detected").
   */
  private static final Pattern ANSWER_WORD =
      Pattern.compile(
          "\\b(DETECTED|ISOLATED|FOUND|SEEN|POSITIVE|NEGATIVE|REACTIVE|NONREACTIVE|PRESENT|NOT)\\b|[:;]");

  /** SNOMED CT values that say no result was obtained: test not done, specimen unsatisfactory. */
  private static final Set<String> NOT_DONE_CODES = Set.of("373121007", "125154007");

  /** The same said in words. */
  private static final List<String> NOT_DONE_PHRASES =
      List.of(
          "TEST NOT PERFORMED",
          "NOT PERFORMED",
          "TEST NOT DONE",
          "NOT DONE",
          "SPECIMEN REJECTED",
          "SPECIMEN UNSATISFACTORY",
          "UNSATISFACTORY SPECIMEN",
          "QNS",
          "QUANTITY NOT SUFFICIENT",
          "INSUFFICIENT SPECIMEN",
          "INSUFFICIENT QUANTITY",
          "TEST CANCELLED",
          "TEST CANCELED",
          "CANCELLED",
          "CANCELED",
          "PENDING",
          "RESULT PENDING");

  private Interpretation() {}

  /**
   * Whether the result says no test result was obtained (SNOMED CT 373121007 test not done,
   * 125154007 specimen unsatisfactory; "Test not performed", "QNS", "Pending"): no test, as a
   * dataAbsentReason or OBX-11 X is; counted as an indeterminate test, it lowered the percent
   * positive.
   */
  public static boolean noResult(LabResult result) {
    Optional<Coding> coded = result.codedValue();
    if (coded.filter(c -> c.isSnomed() && NOT_DONE_CODES.contains(c.code())).isPresent()) {
      return true;
    }
    return saysNoResult(coded.map(Coding::display).orElse(firstLine(result.value())));
  }

  /** Whether a result's text says no result was obtained ("Test not performed", "QNS"). */
  static boolean saysNoResult(String text) {
    String t = normalized(text);
    for (String phrase : NOT_DONE_PHRASES) {
      // "Specimen rejected: hemolyzed", "QNS - recollect": the phrase, then anything but a letter.
      if (t.startsWith(phrase)
          && (t.length() == phrase.length() || !Character.isLetter(t.charAt(phrase.length())))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The interpretation of {@code result}; {@code organismFound} is true when the coded value is an
   * organism of the value set (a culture isolate is a positive result).
   */
  public static String of(LabResult result, boolean organismFound) {
    if (organismFound) {
      return POSITIVE;
    }
    Optional<Coding> coded = result.codedValue();
    Optional<Coding> snomed = coded.filter(Coding::isSnomed);
    Optional<String> qualifier = snomed.flatMap(c -> QualifierValues.meaning(c.code()));
    if (qualifier.isPresent()) {
      // A code whose own text says the opposite (OBX5_CODE_TEXT_DISAGREE): which one the lab
      // meant is not known.
      return QualifierValues.contradicts(snomed.get().code(), snomed.get().display())
          ? INDETERMINATE
          : qualifier.get();
    }
    // A value's further lines are the lab's comments on it (an OBX under its code and sub-id); a
    // coded result's comments are all its value holds.
    int lineEnd = result.value().indexOf('\n');
    String comments =
        coded.isPresent()
            ? result.value()
            : lineEnd < 0 ? "" : result.value().substring(lineEnd + 1);
    String firstLine = firstLine(result.value());
    if (coded.isEmpty() && startsWithAny(normalized(firstLine), UNDECIDED_PHRASES)) {
      // "Inconclusive" is the lab's answer: the lines after it (a fact sheet, a control note) and
      // an abnormal flag do not turn it into a positive or a negative.
      return INDETERMINATE;
    }
    // A code without text or system ("Positive" in CWE-1 alone, OBX5_NO_CODING_SYSTEM) is read
    // as the text it most likely is.
    String text =
        ofText(
            coded
                .map(c -> c.display().isEmpty() && !c.isSnomed() ? c.code() : c.display())
                .orElse(firstLine));
    if (!text.equals(INDETERMINATE)) {
      return text; // "Not detected" flagged A is a lab's slip; the value is what was found
    }
    if (coded.isPresent()) {
      String commented = ofText(comments);
      if (!commented.equals(INDETERMINATE)) {
        return commented;
      }
    }
    String compact = firstLine.replace("^", "").replace(" ", "");
    if (coded.isEmpty() && ViralLoad.is(result.test())) {
      // A viral load's number, not its flag, says whether virus was found.
      Optional<String> load =
          ViralLoad.of(compact, comments, result.referenceRange(), result.interpretation());
      if (load.isPresent()) {
        return load.get();
      }
    }
    String flag = result.interpretation().trim().toUpperCase(Locale.ROOT);
    if (coded.filter(Coding::isSnomed).isPresent()) {
      // A SNOMED CT finding that is no qualifier is one of its own: an organism the value set does
      // not list (E. coli O157 on a Salmonella culture) is no case of the test's condition, though
      // labs flag every growth abnormal. Flagged normal, nothing of concern grew.
      return NEGATIVE_FLAGS.contains(flag) ? NEGATIVE : INDETERMINATE;
    }
    if (POSITIVE_FLAGS.contains(flag)) {
      return POSITIVE;
    }
    if (NEGATIVE_FLAGS.contains(flag)) {
      return NEGATIVE;
    }
    // The flag is the lab's reading of this value; comments on a number or a text ("<15" then
    // "HCV RNA detected, below the LLOQ") speak only where it is silent: a generic interpretive
    // key ("Nonreactive: <0.8 …") must not overrule an H.
    if (coded.isEmpty() && !comments.isEmpty()) {
      String commented = ofText(comments);
      if (!commented.equals(INDETERMINATE)) {
        return commented;
      }
    }
    if (BloodLead.is(result.test())) {
      String byRange = BloodLead.of(compact, result.referenceRange());
      if (!byRange.equals(INDETERMINATE)) {
        return byRange;
      }
    }
    if (TITER_BELOW.matcher(compact).matches()) {
      return NEGATIVE;
    }
    return INDETERMINATE;
  }

  /** A value's first line: the result itself, before the lab's comment lines on it. */
  private static String firstLine(String value) {
    int lineEnd = value.indexOf('\n');
    return lineEnd < 0 ? value : value.substring(0, lineEnd);
  }

  /**
   * A result's text as labs write it: "Detected", "NOT DETECTED.", "Positive (A)", "Negative for
   * SARS-CoV-2", "No Salmonella detected"; what is not one of these is indeterminate. The first
   * sentence that answers decides.
   */
  static String ofText(String text) {
    for (String sentence : SENTENCES.split(text)) {
      String answer = ofSentence(sentence);
      if (answer != null) {
        return answer;
      }
    }
    return INDETERMINATE;
  }

  /** One sentence's answer, or null when it gives none. */
  private static String ofSentence(String sentence) {
    String whole = normalized(sentence);
    if (ABOUT_THE_TEST.matcher(whole).find()) {
      return null;
    }
    if (startsWithAny(whole, UNDECIDED_PHRASES)) {
      return INDETERMINATE;
    }
    if (noneOfAList(whole)) {
      return NEGATIVE; // "No Salmonella/Shigella detected": one "No" over the whole list
    }
    // "Presumptive positive: N1 detected, N2 not detected": the lab's answer comes first. Not
    // where several heads list analytes ("Not detected: Influenza A, RSV; Detected: SARS-CoV-2").
    int colon = labelColon(sentence, 0);
    if (colon > 0 && labelColon(sentence, colon + 1) < 0) {
      String head = normalized(sentence.substring(0, colon));
      if (startsWithAny(head, UNDECIDED_PHRASES)) {
        return INDETERMINATE;
      }
      String answer = ofClause(head);
      if (!answer.equals(INDETERMINATE)) {
        return answer;
      }
    }
    // "Negative/Not detected", "Positive, confirmed": every clause that answers must agree;
    // "Negative for influenza A and B; positive for SARS-CoV-2" answers both, so neither.
    String agreed = null;
    for (String clause : CLAUSES.split(sentence)) {
      String c = normalized(clause);
      if (startsWithAny(c, UNDECIDED_PHRASES)) {
        return INDETERMINATE;
      }
      if (REFERENCE_CLAUSE.matcher(c).find()) {
        continue; // "DETECTED, Reference range: NOT DETECTED"
      }
      String answer = ofClause(c);
      if (answer.equals(INDETERMINATE)) {
        continue;
      }
      if (agreed != null && !agreed.equals(answer)) {
        return INDETERMINATE;
      }
      agreed = answer;
    }
    return agreed;
  }

  /**
   * The first colon from {@code from} that ends a label ("Reactive: titer 1:16"), not one inside a
   * ratio between digits (a titer's 1:16); -1 when there is none.
   */
  private static int labelColon(String text, int from) {
    for (int i = text.indexOf(':', from); i >= 0; i = text.indexOf(':', i + 1)) {
      boolean ratio =
          i > 0
              && i + 1 < text.length()
              && Character.isDigit(text.charAt(i - 1))
              && Character.isDigit(text.charAt(i + 1));
      if (!ratio) {
        return i;
      }
    }
    return -1;
  }

  /**
   * "No Salmonella, Shigella or Campylobacter isolated", "No Influenza A/B RNA detected": a "No"
   * and a finding word around a list that answers nothing itself, read whole before the list's
   * commas and slashes split it into clauses (whose last, "Shigella detected", reads positive).
   */
  private static boolean noneOfAList(String t) {
    if (!t.startsWith("NO ")) {
      return false;
    }
    for (String ending : LIST_ENDINGS) {
      if (t.endsWith(ending)) {
        String list = t.substring(3, t.length() - ending.length());
        return !list.isBlank() && !ANSWER_WORD.matcher(list).find();
      }
    }
    return false;
  }

  /** One clause of a result's text, normalized. */
  private static String ofClause(String t) {
    if (POSITIVE_TEXT.contains(t)) {
      return POSITIVE;
    }
    if (NEGATIVE_TEXT.contains(t) || startsWithAny(t, NEGATIVE_PHRASES)) {
      return NEGATIVE;
    }
    if (t.startsWith("NO ") && (t.endsWith(" DETECTED") || t.endsWith(" ISOLATED"))) {
      return NEGATIVE; // "No 2019 nCoV RNA detected", "No Salmonella isolated"
    }
    if (endsWithAny(t, NEGATIVE_ENDINGS)) {
      return NEGATIVE;
    }
    if (startsWithAny(t, POSITIVE_PHRASES)) {
      return POSITIVE;
    }
    if (endsWithAny(t, POSITIVE_ENDINGS) && !NEGATION.matcher(t).find()) {
      return POSITIVE; // "SARS-CoV-2 RNA detected"
    }
    return INDETERMINATE;
  }

  /**
   * Upper case, hyphens and underscores as spaces, one space between words, without a trailing
   * qualifier in brackets ("(A)", "(qualifier value)") or trailing punctuation.
   */
  static String normalized(String text) {
    String t = text.toUpperCase(Locale.ROOT).replace('-', ' ').replace('_', ' ').strip();
    t = LEADING_PUNCTUATION.matcher(t).replaceAll("").strip();
    t = TRAILING_QUALIFIER.matcher(t).replaceAll("");
    t = TRAILING_PUNCTUATION.matcher(t).replaceAll("").strip();
    return SPACES.matcher(t).replaceAll(" ");
  }

  private static boolean endsWithAny(String text, List<String> endings) {
    for (String e : endings) {
      if (text.endsWith(e)) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWithAny(String text, List<String> phrases) {
    for (String p : phrases) {
      if (text.equals(p) || text.startsWith(p + " ")) {
        return true;
      }
    }
    return false;
  }
}
