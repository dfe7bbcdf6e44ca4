package io.vigil.ingest.validation;

import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.CWE;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The two coding triplets of a CE or CWE value (identifier, text, coding system; then the alternate
 * triplet). Real labs often send their local code first and the standard code (LOINC, SNOMED CT,
 * CVX) as the alternate, so lookups consider both.
 */
public record CodedElement(
    String identifier,
    String text,
    String codingSystem,
    String alternateIdentifier,
    String alternateText,
    String alternateCodingSystem) {

  /** Names of the LOINC coding system seen in CE-3/CWE-3: the HL7 mnemonic and the OID. */
  public static final Set<String> LOINC = Set.of("LN", "LOINC", "2.16.840.1.113883.6.1");

  /** Names of the CVX coding system: the HL7 mnemonic and the OID. */
  public static final Set<String> CVX = Set.of("CVX", "HL70292", "2.16.840.1.113883.12.292");

  /**
   * Names of SNOMED CT seen in CE-3/CWE-3: the HL7 mnemonics ({@code SCT}, the retired {@code
   * SNM}), the spellings interface engines emit, and the OID.
   */
  public static final Set<String> SNOMED =
      Set.of(
          "SCT", "SNM", "SNOMED", "SNOMEDCT", "SNOMED-CT", "SNOMED CT", "2.16.840.1.113883.6.96");

  /** National Drug Code, which the immunization guide allows in RXA-5 beside or instead of CVX. */
  public static final Set<String> NDC = Set.of("NDC", "2.16.840.1.113883.6.69");

  /**
   * CPT-4, which v2.3.1-era senders put in RXA-5 for the vaccine: {@code CPT}, HL7's {@code C4}
   * (table 0396) and the OID.
   */
  public static final Set<String> CPT = Set.of("CPT", "C4", "2.16.840.1.113883.6.12");

  /** Reads a CE value. */
  public static CodedElement of(CE ce) {
    return new CodedElement(
        value(ce.getIdentifier()),
        value(ce.getText()),
        value(ce.getNameOfCodingSystem()),
        value(ce.getAlternateIdentifier()),
        value(ce.getAlternateText()),
        value(ce.getNameOfAlternateCodingSystem()));
  }

  /**
   * Reads a CWE value. Without text in either triplet, CWE-9 original text is the text: the "coded
   * with exceptions" fields of the ELR guide send an uncoded value there (Epic Beaker's specimen
   * type {@code ^^^^^^^^Urine}).
   */
  public static CodedElement of(CWE cwe) {
    String text = value(cwe.getText());
    if (text.isEmpty() && value(cwe.getAlternateText()).isEmpty()) {
      text = value(cwe.getOriginalText());
    }
    return new CodedElement(
        value(cwe.getIdentifier()),
        text,
        value(cwe.getNameOfCodingSystem()),
        value(cwe.getAlternateIdentifier()),
        value(cwe.getAlternateText()),
        value(cwe.getNameOfAlternateCodingSystem()));
  }

  /**
   * A LOINC sent without its coding system: the code of the first triplet whose coding system names
   * none (empty, a number, or LN slipped into the text) and whose code is a LOINC with a right
   * check digit ({@code 94500-6^SARS-CoV-2 RNA}). An interface that drops CWE-3 still sends a
   * LOINC; read as local, the result would never reach its condition.
   */
  public Optional<String> bareLoinc() {
    if (!identifier.isEmpty() && noSystemName(codingSystem, text) && Loinc.isValid(identifier)) {
      return Optional.of(identifier);
    }
    if (!alternateIdentifier.isEmpty()
        && noSystemName(alternateCodingSystem, alternateText)
        && Loinc.isValid(alternateIdentifier)) {
      return Optional.of(alternateIdentifier);
    }
    return codingSystem.isEmpty() ? fusedLoinc() : Optional.empty();
  }

  /**
   * A LOINC run into its text with no {@code ^} between them, the triplet's text empty and its
   * system empty or LOINC's: CDPH's spreadsheet-to-HL7 converter writes {@code 21416-3N.
   * gonorrhoeae DNA NAA+probe Ql (U)}. Only a LOINC with a right check digit followed by words
   * (letters, then a space somewhere) is read so; a local code such as {@code 12345-6AB} is not.
   */
  public Optional<String> fusedLoinc() {
    if (!text.isEmpty()
        || !(codingSystem.isEmpty() || LOINC.contains(codingSystem.toUpperCase(Locale.ROOT)))) {
      return Optional.empty();
    }
    java.util.regex.Matcher m = FUSED.matcher(identifier);
    return m.matches() && Loinc.isValid(m.group(1)) ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * The LOINC the hub reads this code as, as the canonical mapping does: one {@link #fusedLoinc run
   * into its text}, else one labelled LOINC in either triplet, else one sent {@link #bareLoinc
   * without its system}. The rules that ask what a result counts as must read it the same way.
   */
  public Optional<String> readLoinc() {
    return fusedLoinc().or(() -> codeIn(LOINC)).or(this::bareLoinc);
  }

  /** The text of a {@link #fusedLoinc fused} LOINC's triplet: what follows the code. */
  public String fusedText() {
    java.util.regex.Matcher m = FUSED.matcher(identifier);
    return m.matches() ? m.group(2).strip() : "";
  }

  private static final java.util.regex.Pattern FUSED =
      java.util.regex.Pattern.compile("(\\d{1,7}-\\d)\\s*([A-Za-z][^\\s]*\\s.*)");

  /**
   * A coding system that names none: empty, a number (a shifted triplet's next code: Ellume's
   * {@code 94558-4^LN^260415000}), or any value when the text component says LN, where the system
   * slipped into the text.
   */
  private static boolean noSystemName(String system, String text) {
    return system.isEmpty()
        || system.chars().allMatch(Character::isDigit)
        || LOINC.contains(text.toUpperCase(Locale.ROOT));
  }

  /**
   * A CVX code under a local name for the CVX system ({@code 217^PFIZER…^LIM_CVX}, {@code
   * CVX_CODE}): the code of the first triplet whose coding system holds "CVX" without being one of
   * {@link #CVX}'s names and whose code is one to three digits.
   */
  public Optional<String> cvxUnderLocalName() {
    if (localCvx(identifier, codingSystem)) {
      return Optional.of(identifier);
    }
    if (localCvx(alternateIdentifier, alternateCodingSystem)) {
      return Optional.of(alternateIdentifier);
    }
    return Optional.empty();
  }

  private static boolean localCvx(String code, String system) {
    String name = system.toUpperCase(Locale.ROOT);
    return name.contains("CVX")
        && !CVX.contains(name)
        && !code.isEmpty()
        && code.length() <= 3
        && code.chars().allMatch(Character::isDigit);
  }

  /** True when neither triplet carries a code. */
  public boolean hasNoCode() {
    return identifier.isEmpty() && alternateIdentifier.isEmpty();
  }

  /** True when nothing at all is valued (no code and no text). */
  public boolean isEmpty() {
    return hasNoCode() && text.isEmpty() && alternateText.isEmpty();
  }

  /**
   * The code of the first triplet whose coding system is one of {@code systems} (compared
   * case-insensitively), primary triplet first.
   */
  public Optional<String> codeIn(Set<String> systems) {
    if (!identifier.isEmpty() && systems.contains(codingSystem.toUpperCase(Locale.ROOT))) {
      return Optional.of(identifier);
    }
    if (!alternateIdentifier.isEmpty()
        && systems.contains(alternateCodingSystem.toUpperCase(Locale.ROOT))) {
      return Optional.of(alternateIdentifier);
    }
    return Optional.empty();
  }

  /** HL7's explicit null (v2.5 section 2.5.3): a field sent as two double quotes. */
  private static final String HL7_NULL = "\"\"";

  /**
   * The trimmed value of a HAPI primitive, "" when null or when it is HL7's explicit null ({@code
   * ""}): "present but null" tells a database to clear the field; for the hub's checks and reading
   * it is no value, not a malformed one.
   */
  public static String value(Primitive p) {
    if (p == null) {
      return "";
    }
    String v = p.getValue();
    if (v == null) {
      return "";
    }
    v = v.trim();
    return v.equals(HL7_NULL) ? "" : v;
  }
}
