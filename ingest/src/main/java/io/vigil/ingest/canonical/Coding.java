package io.vigil.ingest.canonical;

import io.vigil.ingest.validation.CodedElement;
import java.util.Locale;
import java.util.Objects;

/**
 * A code in a code system, with the system named by its FHIR URI whatever the format said ({@code
 * LN} and {@code http://loinc.org} are the same system).
 *
 * @param system code system URI ({@link #LOINC}, {@link #SNOMED}, {@link #CVX}, or {@code
 *     urn:vigil:local:<name>} for a local system)
 * @param code the code
 * @param display the display text as sent ("" when none)
 */
public record Coding(String system, String code, String display) {
  public static final String LOINC = "http://loinc.org";
  public static final String SNOMED = "http://snomed.info/sct";
  public static final String CVX = "http://hl7.org/fhir/sid/cvx";
  public static final String HL7_0078 =
      "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

  public Coding {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(display, "display");
  }

  /** The FHIR system URI for an HL7 v2 coding system name (CE-3 / CWE-3), or a local URN. */
  public static String systemOf(String hl7Name) {
    String n = hl7Name == null ? "" : hl7Name.trim().toUpperCase(Locale.ROOT);
    if (CodedElement.LOINC.contains(n)) {
      return LOINC;
    }
    if (CodedElement.SNOMED.contains(n)) {
      return SNOMED;
    }
    if (CodedElement.CVX.contains(n)) {
      return CVX;
    }
    return "urn:vigil:local:" + (n.isEmpty() ? "unspecified" : n);
  }

  public boolean isLoinc() {
    return LOINC.equals(system);
  }

  public boolean isSnomed() {
    return SNOMED.equals(system);
  }

  public boolean isCvx() {
    return CVX.equals(system);
  }
}
