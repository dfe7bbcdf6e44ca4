package io.vigil.ingest.fhir;

import io.vigil.ingest.canonical.Coding;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;

/** FHIR codings onto the canonical {@link Coding}: systems by their canonical URI. */
final class FhirCodings {
  private FhirCodings() {}

  /**
   * The canonical system URI: LOINC, SNOMED CT and CVX also by their OIDs, with {@code https} or a
   * trailing slash; a coding without a system is local and unspecified; any other URI stays as
   * sent.
   */
  static String system(String uri) {
    if (uri == null || uri.isBlank()) {
      return "urn:vigil:local:unspecified";
    }
    String u = uri.trim();
    if (u.startsWith("urn:oid:")) {
      String mapped = Coding.systemOf(u.substring("urn:oid:".length()));
      return mapped.startsWith("urn:vigil:local:") ? u : mapped;
    }
    // Hand-built and converted Bundles write the standard systems with https or a trailing slash.
    String plain = u.replaceFirst("^https://", "http://");
    if (plain.startsWith(Coding.SNOMED)) {
      return Coding.SNOMED; // edition/version URIs name the same code system
    }
    plain = plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
    if (plain.equals(Coding.LOINC) || plain.equals(Coding.CVX)) {
      return plain;
    }
    return u;
  }

  static Coding of(org.hl7.fhir.r4.model.Coding c) {
    return new Coding(system(c.getSystem()), nonNull(c.getCode()), nonNull(c.getDisplay()));
  }

  /** Codings that carry a code, with canonical systems, in the order sent. */
  static List<Coding> all(CodeableConcept concept) {
    if (concept == null) {
      return List.of();
    }
    return concept.getCoding().stream().filter(c -> c.hasCode()).map(FhirCodings::of).toList();
  }

  /** The first coding in {@code system}, else the first coding at all. */
  static Optional<Coding> preferring(CodeableConcept concept, String system) {
    List<Coding> codings = all(concept);
    return codings.stream()
        .filter(c -> c.system().equals(system))
        .findFirst()
        .or(() -> codings.stream().findFirst());
  }

  static Optional<String> codeIn(CodeableConcept concept, String system) {
    return all(concept).stream()
        .filter(c -> c.system().equals(system))
        .map(Coding::code)
        .findFirst();
  }

  static String nonNull(String s) {
    return s == null ? "" : s;
  }

  /**
   * Whether a primitive's value is present and not blank. Use it, not {@code hasX()}: a primitive
   * sent with only an extension (e.g. {@code _value} with a data-absent-reason) has {@code hasX()}
   * true and a null value.
   */
  static boolean hasText(String s) {
    return s != null && !s.isBlank();
  }
}
