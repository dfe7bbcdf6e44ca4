package io.vigil.ingest.validation;

/**
 * Whether a culture's OBX-5 text reports what grew, which ELR sends as a SNOMED CT coded organism
 * (OBX-2 CWE). Which tests name their condition only through the organism, and which texts say that
 * nothing grew, are for the reportable-condition value set and the counts' reading of results to
 * say ({@code io.vigil.ingest.deid.CultureIsolates}), so the validator asks them.
 */
@FunctionalInterface
public interface CultureText {

  /** Asks nothing: no text is a culture's finding. */
  CultureText NONE = (loinc, text) -> false;

  /** Whether {@code text}, OBX-5 under the LOINC test {@code loinc}, is a culture's finding. */
  boolean isUncodedFinding(String loinc, String text);
}
