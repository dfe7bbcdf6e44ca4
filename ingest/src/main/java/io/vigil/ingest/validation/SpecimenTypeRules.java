package io.vigil.ingest.validation;

import java.util.Locale;
import java.util.Set;

/**
 * SPM-4 specimen type beyond "is it there": the coded-element checks OBX-5 gets. For
 * chlamydia/gonorrhea the STD programs tell urine from rectal and pharyngeal by it, so a code that
 * cannot be read as SNOMED CT or HL7 table 0487 (a SNOMED CT id with a wrong check digit, a code
 * without a coding system, a local code alone) is told of; never refused.
 */
final class SpecimenTypeRules {

  /**
   * Coding systems a specimen type may be read in besides SNOMED CT: HL7 table 0487 (specimen
   * type), its v2.3 predecessor 0070 (specimen source), which labs still send as the alternate, and
   * HL7's null flavors ({@code UNK^Unknown^NullFlavor}), the guide's way to say "not known".
   */
  private static final Set<String> OTHER_STANDARDS =
      Set.of(
          "HL70487",
          "2.16.840.1.113883.12.487",
          "HL70070",
          "2.16.840.1.113883.12.70",
          "NULLFL",
          "NULLFLAVOR",
          "2.16.840.1.113883.5.1008");

  private SpecimenTypeRules() {}

  /** Checks a coded SPM-4 (one with a code in either triplet); {@code at} is {@code SPM(n)-}. */
  static void check(CodedElement type, String at, Checks c) {
    String location = at + "4";
    String consequence = "the specimen type is not read as SNOMED CT";
    c.snomed(
        type.identifier(),
        type.codingSystem(),
        location,
        "SPM4",
        "SPM-4 specimen type code",
        consequence);
    c.snomed(
        type.alternateIdentifier(),
        type.alternateCodingSystem(),
        location,
        "SPM4",
        "SPM-4 specimen type code",
        consequence);
    boolean noSystem =
        !type.identifier().isEmpty() && type.codingSystem().isEmpty()
            || !type.alternateIdentifier().isEmpty() && type.alternateCodingSystem().isEmpty();
    if (noSystem) {
      c.warn(
          "SPM4_NO_CODING_SYSTEM",
          103,
          location,
          "SPM-4 specimen type has a code but no coding system (CWE-3): name its system (SCT for"
              + " a SNOMED CT code, HL70487 for an HL7 specimen type), or send text alone in"
              + " CWE-9");
    } else if (!standard(type.identifier(), type.codingSystem())
        && !standard(type.alternateIdentifier(), type.alternateCodingSystem())) {
      c.warn(
          "SPM4_NO_STANDARD_CODE",
          103,
          location,
          "SPM-4 specimen type has no SNOMED CT or HL7 0487 code (local code only); map it to"
              + " SNOMED CT");
    }
  }

  /** Whether a triplet's code is in SNOMED CT or HL7 table 0487. */
  private static boolean standard(String code, String system) {
    String name = system.strip().toUpperCase(Locale.ROOT);
    return !code.isEmpty()
        && (CodedElement.SNOMED.contains(name) || OTHER_STANDARDS.contains(name));
  }
}
