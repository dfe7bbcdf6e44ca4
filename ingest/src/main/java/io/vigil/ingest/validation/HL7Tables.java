package io.vigil.ingest.validation;

import java.util.Set;

/** The HL7 and CDC code tables the validators check against (HL7 v2.5.1 values). */
final class HL7Tables {

  /** 0001 Administrative sex. */
  static final Set<String> SEX = Set.of("F", "M", "O", "U", "A", "N");

  /** 0085 Observation result status. */
  static final Set<String> OBSERVATION_STATUS =
      Set.of("C", "D", "F", "I", "N", "O", "P", "R", "S", "U", "W", "X");

  /** 0123 Result status (OBR-25). */
  static final Set<String> RESULT_STATUS =
      Set.of("O", "I", "S", "A", "P", "C", "R", "F", "X", "Y", "Z");

  /**
   * Value types in OBX-2 the ELR guide's constrained 0125 uses (plus the common TX/FT text types
   * and the person/address/organisation types of ask-at-order-entry answers).
   */
  static final Set<String> VALUE_TYPE =
      Set.of(
          "CE", "CWE", "CX", "DT", "ED", "FT", "NM", "RP", "SN", "ST", "TM", "TS", "TX", "DTM",
          "XAD", "XCN", "XON", "XPN", "XTN");

  /**
   * 0125 Value type, v2.5.1: every data type except CM, CQ, SI and ID. A valid type outside {@link
   * #VALUE_TYPE} is well-formed HL7 that the guide does not use; it is not an error.
   */
  static final Set<String> VALUE_TYPE_0125 =
      Set.of(
          "AD", "CE", "CF", "CK", "CN", "CNE", "CP", "CWE", "CX", "DR", "DT", "DTM", "ED", "FT",
          "MA", "MO", "NA", "NM", "PN", "RP", "SN", "ST", "TM", "TN", "TS", "TX", "XAD", "XCN",
          "XON", "XPN", "XTN");

  /** 0322 Completion status (RXA-20). */
  static final Set<String> COMPLETION_STATUS = Set.of("CP", "RE", "NA", "PA");

  /** 0206 Segment action code (RXA-21). */
  static final Set<String> ACTION_CODE = Set.of("A", "D", "U", "X");

  /** CDC NIP001 Immunization information source (RXA-9). */
  static final Set<String> INFORMATION_SOURCE =
      Set.of("00", "01", "02", "03", "04", "05", "06", "07", "08");

  /** 0103 Processing id (MSH-11). */
  static final Set<String> PROCESSING_ID = Set.of("P", "T", "D");

  private HL7Tables() {}
}
