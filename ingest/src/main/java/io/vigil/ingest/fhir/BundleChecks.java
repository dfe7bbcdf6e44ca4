package io.vigil.ingest.fhir;

import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.Loinc;
import io.vigil.ingest.validation.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * One validation run over a Bundle ({@link FhirValidator}): the findings collected so far and the
 * checks every resource rule repeats: codings (LOINC form and check digit), dates (malformed,
 * future, missing) and literal references that should resolve inside the Bundle.
 */
class BundleChecks {
  final List<Finding> findings = new ArrayList<>();
  final BundleIndex index;
  final Instant now;

  BundleChecks(BundleIndex index, Instant now) {
    this.index = index;
    this.now = now;
  }

  void error(String code, int hl7, String at, String message) {
    findings.add(Finding.error(code, hl7, at, message));
  }

  void warn(String code, int hl7, String at, String message) {
    findings.add(Finding.warning(code, hl7, at, message));
  }

  void inform(String code, int hl7, String at, String message) {
    findings.add(new Finding(Severity.I, code, hl7, at, message));
  }

  /**
   * Every literal reference should name a resource in this Bundle. One the hub follows to use the
   * report ({@link ResourceReferences}) must: without its target the report cannot be used. Others
   * point at resources the hub never reads, which senders often leave on their own server (FHIR
   * messaging asks only for what the receiver needs): a warning.
   */
  void references() {
    for (BundleIndex.Located<Resource> located : index.resources()) {
      Resource r = located.resource();
      if (r instanceof Bundle) {
        continue; // a nested Bundle not read (BUNDLE_NESTED_NOT_READ): its references neither
      }
      for (ResourceReferences.At at : ResourceReferences.of(r, located.path())) {
        Reference ref = at.reference();
        if (BundleIndex.isLogical(ref) || ref.getReference().startsWith("http")) {
          // Absolute URLs may point to the sender's server.
          continue;
        }
        if (index.resolve(r, ref).isPresent()) {
          continue;
        }
        String what =
            "A reference"
                + SafeName.quote(ref.getReference())
                + " names no resource in"
                + " this Bundle";
        if (at.followed()) {
          error("REFERENCE_UNRESOLVED", 100, at.path(), what + " (dangling reference)");
        } else {
          warn(
              "REFERENCE_UNRESOLVED",
              100,
              at.path(),
              what + "; the hub does not read its target, so it is ignored");
        }
      }
    }
  }

  void code(CodeableConcept code, String at, String prefix, String label, boolean loincExpected) {
    List<Coding> codes = FhirCodings.all(code);
    if (codes.isEmpty()) {
      error(prefix + "_MISSING", 101, at, label + " has no coding");
      return;
    }
    Optional<String> loinc = FhirCodings.codeIn(code, Coding.LOINC);
    if (loinc.isEmpty()) {
      if (loincExpected) {
        warn(
            prefix + "_NO_LOINC",
            103,
            at,
            label + " has no LOINC coding (local code only); map it to LOINC");
      }
    } else if (!Loinc.isWellFormed(loinc.get())) {
      error(
          prefix + "_LOINC_FORMAT",
          103,
          at,
          label + " LOINC" + SafeName.quote(loinc.get()) + " is not of the form NNNNN-N");
    } else if (!Loinc.isValid(loinc.get())) {
      error(
          prefix + "_LOINC_CHECK_DIGIT",
          103,
          at,
          label + " LOINC" + SafeName.quote(loinc.get()) + " has a wrong check digit");
    }
  }

  void effective(Type effective, String at, String prefix) {
    if (effective instanceof BaseDateTimeType dt) {
      date(dt, at + "DateTime", prefix, null);
    } else if (effective instanceof Period p) {
      date(p.getStartElement(), at + "Period.start", prefix, null);
    }
  }

  /**
   * A valid date/time that names no day (to the month or year): W {@code prefix}{@code _IMPRECISE},
   * quoting it and saying what follows.
   */
  void imprecise(BaseDateTimeType value, String at, String prefix, String consequence) {
    String v = value == null ? null : value.getValueAsString();
    if (v != null && FhirDates.earliestInstant(v).isPresent() && !FhirDates.toTheDay(v)) {
      warn(prefix + "_IMPRECISE", 102, at, at + " '" + v + "' names no day: " + consequence);
    }
  }

  /** A date/time: malformed or in the future is an error; missing yields {@code whenMissing}. */
  void date(BaseDateTimeType value, String at, String prefix, Severity whenMissing) {
    String v = value == null ? null : value.getValueAsString();
    switch (FhirDates.check(v, now)) {
      case EMPTY -> {
        if (whenMissing != null) {
          // Sent as only a data-absent-reason: the sender says it is unknown, not that it forgot.
          boolean absent =
              value != null
                  && value.hasExtension(
                      "http://hl7.org/fhir/StructureDefinition/data-absent-reason");
          findings.add(
              new Finding(
                  whenMissing,
                  prefix + "_MISSING",
                  101,
                  at,
                  at + (absent ? " is unknown (sent as a data-absent-reason)" : " is missing")));
        }
      }
      case INVALID -> error(prefix + "_INVALID", 102, at, "Not a valid FHIR date/time");
      case FUTURE -> error(prefix + "_FUTURE", 102, at, "Date/time is in the future");
      case VALID -> {}
    }
  }
}
