package io.vigil.ingest.fhir;

import org.hl7.fhir.r4.model.Bundle;

/** What a FHIR submission asked for, which decides the Bundle types accepted and the reply. */
public enum FhirOperation {
  /** {@code POST /fhir/r4/$process-message}: a message Bundle, answered with a response message. */
  PROCESS_MESSAGE,
  /**
   * {@code POST /fhir/r4} or {@code /fhir/r4/Bundle}: transaction, batch, collection, document (an
   * eICR, whose Composition is not read; its lab results and immunizations are) or searchset (the
   * answer of an EHR's FHIR API, {@code GET /Immunization?patient=…}, forwarded as it came).
   */
  SUBMIT_BUNDLE;

  boolean accepts(Bundle.BundleType type) {
    return this == PROCESS_MESSAGE
        ? type == Bundle.BundleType.MESSAGE
        : type == Bundle.BundleType.TRANSACTION
            || type == Bundle.BundleType.BATCH
            || type == Bundle.BundleType.COLLECTION
            || type == Bundle.BundleType.DOCUMENT
            || type == Bundle.BundleType.SEARCHSET;
  }
}
