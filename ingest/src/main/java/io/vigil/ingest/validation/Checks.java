package io.vigil.ingest.validation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Collects the findings of one validation run and holds the small checks every rule repeats (dates,
 * table values, required codes), so each produces the same codes and wording.
 */
final class Checks {

  /** HL7 tables whose values describe the patient: never quoted back. */
  static final Set<String> PATIENT_TABLES = Set.of("0001");

  private final List<Finding> findings;
  private final Instant now;
  private final boolean warningsOnly;

  /** The time the checks judge "future" against. */
  Instant now() {
    return now;
  }

  Checks(Instant now) {
    this(now, new ArrayList<>(), false);
  }

  private Checks(Instant now, List<Finding> findings, boolean warningsOnly) {
    this.now = now;
    this.findings = findings;
    this.warningsOnly = warningsOnly;
  }

  /**
   * These checks, recording what would be an error as a warning: for rules shared with a guide that
   * refuses on them, applied where the thing checked only qualifies what the message reports (a
   * VXU's observations qualify a dose). Findings go to the same list.
   */
  Checks asWarnings() {
    return new Checks(now, findings, true);
  }

  List<Finding> findings() {
    return findings;
  }

  void error(String code, int hl7, String location, String message) {
    add(Severity.E, code, hl7, location, message);
  }

  void warn(String code, int hl7, String location, String message) {
    add(Severity.W, code, hl7, location, message);
  }

  void add(Severity severity, String code, int hl7, String location, String message) {
    Severity recorded = warningsOnly && severity == Severity.E ? Severity.W : severity;
    findings.add(new Finding(recorded, code, hl7, location, message));
  }

  /**
   * A valid date/time that names no day (to the month or year): W {@code prefix}{@code _IMPRECISE},
   * quoting it and saying what follows. Only for event times, never a birth date.
   */
  void imprecise(String value, String location, String prefix, String label, String consequence) {
    if (Hl7Dates.earliestInstant(value).isPresent() && !Hl7Dates.toTheDay(value)) {
      warn(
          prefix + "_IMPRECISE",
          102,
          location,
          label + " '" + value + "' names no day: " + consequence);
    }
  }

  /**
   * A TS/DTM field: malformed or in the future is an error; missing yields {@code whenMissing}
   * (null for no finding). Never quotes the value (it may be a birth date).
   */
  void date(String value, String location, String prefix, String label, Severity whenMissing) {
    date(value, location, prefix, label, whenMissing, Severity.E);
  }

  /**
   * As {@link #date(String, String, String, String, Severity)}, with malformed or future values a
   * {@code whenBad} finding: a warning for a time the hub does not use (it is then not read).
   */
  void date(
      String value,
      String location,
      String prefix,
      String label,
      Severity whenMissing,
      Severity whenBad) {
    String unused = whenBad == Severity.E ? "" : "; it is not used";
    switch (Hl7Dates.check(value, now)) {
      case EMPTY -> {
        if (whenMissing != null) {
          add(whenMissing, prefix + "_MISSING", 101, location, label + " is missing");
        }
      }
      case INVALID ->
          add(whenBad, prefix + "_INVALID", 102, location, label + invalidDate(value) + unused);
      case FUTURE ->
          add(whenBad, prefix + "_FUTURE", 102, location, label + " is in the future" + unused);
      case VALID -> {}
    }
  }

  /** A TS/DTM in the standard's shape whose parts are out of range: 19791131, 2026022930. */
  private static final java.util.regex.Pattern DATE_SHAPE =
      java.util.regex.Pattern.compile("\\d{4}(\\d{2}){0,5}(\\.\\d{1,4})?([+-]\\d{4})?");

  /**
   * Why a date/time value is invalid, for the sender: a value of the right shape names a day or
   * time that does not exist (31 November); anything else is not of the format.
   */
  static String invalidDate(String value) {
    String v = value.strip();
    if (v.matches("(9{8}|0{8})(\\d*)")) {
      // CDC's own message mapping test cases write an unknown date so.
      return " is a placeholder for an unknown date (" + v.substring(0, 8) + "): leave it empty";
    }
    return DATE_SHAPE.matcher(v).matches()
        ? " names a date or time that does not exist (a month 01-12, a day of that month, an hour"
            + " 00-23, minutes and seconds 00-59, an offset of at most 14 hours)"
        : " is not a valid HL7 date/time (YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ])";
  }

  /**
   * A TS/DTM value that may lie in the future by nature (an answer such as an estimated delivery
   * date in OBX-5): only its format is checked; malformed is an error.
   */
  void dateFormat(String value, String location, String prefix, String label) {
    if (!value.isBlank() && Hl7Dates.earliestInstant(value).isEmpty()) {
      error(prefix + "_INVALID", 102, location, label + invalidDate(value));
    }
  }

  /**
   * A table code in the wrong letter case ({@code cp} for {@code CP}): its capitals, with a warning
   * ({@code prefix_CASE}); any other value as it is (the table check judges it).
   */
  String capitals(String value, Set<String> table, String location, String prefix, String label) {
    String capitals = value.toUpperCase(java.util.Locale.ROOT);
    if (table.contains(value) || !table.contains(capitals)) {
      return value;
    }
    warn(
        prefix + "_CASE",
        103,
        location,
        label
            + SafeText.quote(value)
            + " is not in capitals; it is read as"
            + SafeText.quote(capitals));
    return capitals;
  }

  /**
   * A coded value from an HL7 table: missing yields {@code whenMissing} (null for no finding), a
   * value outside the table yields {@code whenInvalid}, quoting the value (when code-like, {@link
   * SafeText}) so the sender sees what to fix, except from tables of patient data ({@link
   * #PATIENT_TABLES}: administrative sex).
   */
  void table(
      String value,
      Set<String> table,
      String tableId,
      String location,
      String prefix,
      String label,
      Severity whenMissing,
      Severity whenInvalid) {
    if (value.isEmpty()) {
      if (whenMissing != null) {
        add(whenMissing, prefix + "_MISSING", 101, location, label + " is missing");
      }
    } else if (!table.contains(value)) {
      add(
          whenInvalid,
          prefix + "_INVALID",
          103,
          location,
          label
              + (PATIENT_TABLES.contains(tableId) ? "" : SafeText.quote(value))
              + " is not in HL7 table "
              + tableId);
    }
  }

  /**
   * The LOINC rules for an observation or order code: a LOINC in either triplet must be well formed
   * and pass the check digit (errors); no LOINC at all is a warning, because real labs send local
   * codes.
   */
  void loinc(CodedElement code, String location, String prefix, String label) {
    var loinc = code.codeIn(CodedElement.LOINC);
    var bare = loinc.isEmpty() ? code.bareLoinc() : java.util.Optional.<String>empty();
    var fused = code.fusedLoinc();
    if (fused.isPresent() && loinc.isPresent()) {
      // Labelled LN: the code is malformed only by the text run into it.
      warn(
          prefix + "_LOINC_FORMAT",
          103,
          location,
          label
              + " begins with LOINC"
              + SafeText.quote(fused.get())
              + " run into its text, with no ^ between them: read as that LOINC; send"
              + " code^text^LN (a local code of that shape: code^text^L)");
    } else if (bare.isPresent() && fused.equals(bare)) {
      warn(
          prefix + "_NO_CODING_SYSTEM",
          103,
          location,
          label
              + " begins with LOINC"
              + SafeText.quote(bare.get())
              + " run into its text, with no ^ between them and no coding system name: read as"
              + " that LOINC; send code^text^LN (a local code of that shape: code^text^L)");
    } else if (bare.isPresent()) {
      // Read as the LOINC it is; the sender is told what its interface drops.
      warn(
          prefix + "_NO_CODING_SYSTEM",
          103,
          location,
          label
              + " LOINC"
              + SafeText.quote(bare.get())
              + " has no coding system name"
              + (code.codingSystem().isEmpty()
                  ? ""
                  : " (CWE-3" + SafeText.quote(code.codingSystem()) + ")")
              + "; send it with LN (CWE-3)");
    } else if (loinc.isEmpty()) {
      warn(
          prefix + "_NO_LOINC",
          103,
          location,
          label + " has no LOINC code (local code only); map it to LOINC");
    } else if (!Loinc.isWellFormed(loinc.get())) {
      error(
          prefix + "_LOINC_FORMAT",
          103,
          location,
          label + " LOINC" + SafeText.quote(loinc.get()) + Loinc.notWellFormed(loinc.get()));
    } else if (!Loinc.isValid(loinc.get())) {
      error(
          prefix + "_LOINC_CHECK_DIGIT",
          103,
          location,
          label + " LOINC" + SafeText.quote(loinc.get()) + " has a wrong check digit");
    }
  }

  /**
   * A code labelled SNOMED CT that cannot be one ({@code 1234^^SCT}, a template's filler): W {@code
   * prefix}{@code _SCT_INVALID}, quoting it, with what the hub does instead ({@code consequence}).
   */
  void snomed(
      String code,
      String system,
      String location,
      String prefix,
      String label,
      String consequence) {
    String name = system.strip().toUpperCase(java.util.Locale.ROOT);
    if (code.isEmpty() || !CodedElement.SNOMED.contains(name) || SnomedId.isValid(code.strip())) {
      return;
    }
    // SNM (table 0396) is SNOMED International, whose L-/T-/M-/D- codes legacy reference-lab feeds
    // still send: a real code, of the system before SNOMED CT.
    boolean international = name.equals("SNM") && code.strip().matches("[A-Z]-[0-9A-Z]{4,5}");
    warn(
        prefix + "_SCT_INVALID",
        103,
        location,
        label
            + SafeText.quote(code)
            + (international
                ? " is a SNOMED International (SNM) code, which predates SNOMED CT; map it to its"
                    + " SNOMED CT concept id (SCT). "
                    + Character.toUpperCase(consequence.charAt(0))
                    + consequence.substring(1)
                : " is labelled SNOMED CT but is not a SNOMED CT identifier (6 to 18 digits ending"
                    + " in a check digit); "
                    + consequence));
  }
}
