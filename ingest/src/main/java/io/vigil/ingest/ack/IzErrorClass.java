package io.vigil.ingest.ack;

import io.vigil.ingest.validation.Finding;
import java.util.Optional;
import java.util.Set;

/**
 * The CDC IZ guide's application error class (table HL70533) of a finding, for ERR-5 of an
 * immunization acknowledgement: {@code 5^Table value not found^HL70533^RXA5_CVX_UNKNOWN^^VIGIL},
 * the class first and the hub's own code as the alternate triplet, as IIS acknowledgements carry
 * it. The class follows from the finding's code and its HL7 0357 code:
 *
 * <ul>
 *   <li>a date in the future, before birth, or a placeholder date: 1 Illogical Date error;
 *   <li>anything missing ({@code *_MISSING}): 6 Required observation missing;
 *   <li>values that contradict each other ({@code *_DISAGREE}, {@code *_DUPLICATE}): 3 Illogical
 *       Value error;
 *   <li>a data type error (0357 102) in a date field, or an imprecise date: 2 Invalid Date;
 *   <li>a code not in its table or code set (0357 103, {@code *_UNKNOWN}, {@code *_INVALID}): 5
 *       Table value not found; a malformed code (a LOINC's format or check digit): 4; none for a
 *       code that was found (an NDC mapped to its CVX, another coding system name, text only);
 *   <li>another data type error (0357 102) at a field: 4 Invalid value;
 *   <li>none for information (0357 0), framing and structure, and what MSH-9/11/12, the sender's
 *       registration or the hub's state decide (0357 100, 2xx): ERR-5 then carries only the hub's
 *       code, in the alternate triplet.
 * </ul>
 */
public record IzErrorClass(int code, String text) {
  static final IzErrorClass ILLOGICAL_DATE = new IzErrorClass(1, "Illogical Date error");
  static final IzErrorClass INVALID_DATE = new IzErrorClass(2, "Invalid Date");
  static final IzErrorClass ILLOGICAL_VALUE = new IzErrorClass(3, "Illogical Value error");
  static final IzErrorClass INVALID_VALUE = new IzErrorClass(4, "Invalid value");
  static final IzErrorClass TABLE_VALUE_NOT_FOUND = new IzErrorClass(5, "Table value not found");
  static final IzErrorClass REQUIRED_MISSING = new IzErrorClass(6, "Required observation missing");

  /** The fields (as finding codes name them) that hold a date or date/time. */
  private static final Set<String> DATE_FIELDS =
      Set.of("MSH7", "PID7", "OBR7", "OBR22", "OBX14", "OBX19", "SPM17", "RXA3");

  /** The class of {@code f}, or empty when table 0533 has none for it. */
  public static Optional<IzErrorClass> of(Finding f) {
    String code = f.code();
    int hl7 = f.hl7ErrorCode();
    if (code.endsWith("_DUPLICATE") || code.endsWith("_DISAGREE")) {
      return Optional.of(ILLOGICAL_VALUE);
    }
    if (hl7 == 0 || hl7 >= 200) {
      return Optional.empty();
    }
    if (code.endsWith("_FUTURE")
        || code.endsWith("_BEFORE_BIRTH")
        || code.endsWith("_PLACEHOLDER")) {
      return Optional.of(ILLOGICAL_DATE);
    }
    if (code.endsWith("_MISSING")) {
      return Optional.of(REQUIRED_MISSING);
    }
    int underscore = code.indexOf('_');
    String field = underscore < 0 ? code : code.substring(0, underscore);
    if (hl7 == 102 && (code.endsWith("_IMPRECISE") || DATE_FIELDS.contains(field))) {
      return Optional.of(INVALID_DATE);
    }
    if (hl7 == 103) {
      // Only a code that is not in its table is "not found": an NDC the crosswalk found and
      // counted, a code sent under another coding system name or as text only was found.
      if (code.endsWith("_UNKNOWN") || code.endsWith("_INVALID") || code.endsWith("_NO_CVX")) {
        return Optional.of(TABLE_VALUE_NOT_FOUND);
      }
      return code.endsWith("_FORMAT") || code.endsWith("_CHECK_DIGIT")
          ? Optional.of(INVALID_VALUE)
          : Optional.empty();
    }
    if (hl7 == 102 && !f.location().isEmpty()) {
      return Optional.of(INVALID_VALUE);
    }
    return Optional.empty();
  }
}
