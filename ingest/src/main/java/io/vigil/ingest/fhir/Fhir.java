package io.vigil.ingest.fhir;

import ca.uhn.fhir.context.FhirContext;

/**
 * The one R4 {@link FhirContext} of the JVM. Building a context scans the whole model (hundreds of
 * milliseconds and megabytes), so every FHIR class here shares this one; it is thread-safe. Parsers
 * are not: create one per use with {@code context().newJsonParser()} (cheap).
 */
public final class Fhir {
  private Fhir() {}

  public static FhirContext context() {
    return FhirContext.forR4Cached();
  }
}
