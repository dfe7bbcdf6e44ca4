package io.vigil.ingest.fhir;

import ca.uhn.fhir.util.FhirTerser;
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
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Specimen;
import org.hl7.fhir.r4.model.Type;

/**
 * One validation run over a Bundle ({@link FhirValidator}): the findings collected so far and the
 * checks every resource rule repeats: codings (LOINC form and check digit), dates (malformed,
 * future, missing) and literal references that must resolve inside the Bundle.
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

  /**
   * Every literal reference must name a resource in this Bundle. The resources the hub reads have
   * their reference fields listed ({@link #referencesOf}); other resources are walked with HAPI's
   * terser, which is reflective and ~5x the cost.
   */
  void references() {
    FhirTerser terser = null;
    List<Bundle.BundleEntryComponent> entries = index.bundle().getEntry();
    for (int i = 0; i < entries.size(); i++) {
      Resource r = entries.get(i).getResource();
      if (r == null) {
        continue;
      }
      List<Reference> refs = referencesOf(r);
      if (refs == null) {
        terser = terser == null ? Fhir.context().newTerser() : terser;
        refs = terser.getAllPopulatedChildElementsOfType(r, Reference.class);
      }
      for (Reference ref : refs) {
        if (ref == null || BundleIndex.isLogical(ref) || ref.getReference().startsWith("http")) {
          // Absolute URLs may point to the sender's server; the hub needs none of them.
          continue;
        }
        if (index.resolve(r, ref).isEmpty()) {
          error(
              "REFERENCE_UNRESOLVED",
              100,
              "Bundle.entry[" + i + "].resource",
              "A reference"
                  + SafeName.quote(ref.getReference())
                  + " names no resource in this"
                  + " Bundle (dangling reference)");
        }
      }
    }
  }

  /** The reference fields of the resources the hub reads; null for other resources. */
  private static List<Reference> referencesOf(Resource r) {
    List<Reference> refs = new ArrayList<>();
    if (r instanceof MessageHeader h) {
      refs.add(h.getSender());
      refs.add(h.getEnterer());
      refs.add(h.getAuthor());
      refs.add(h.getResponsible());
      refs.addAll(h.getFocus());
    } else if (r instanceof DiagnosticReport dr) {
      refs.add(dr.getSubject());
      refs.add(dr.getEncounter());
      refs.addAll(dr.getBasedOn());
      refs.addAll(dr.getPerformer());
      refs.addAll(dr.getResultsInterpreter());
      refs.addAll(dr.getSpecimen());
      refs.addAll(dr.getResult());
    } else if (r instanceof Observation o) {
      refs.add(o.getSubject());
      refs.add(o.getEncounter());
      refs.add(o.getSpecimen());
      refs.add(o.getDevice());
      refs.addAll(o.getBasedOn());
      refs.addAll(o.getPerformer());
      refs.addAll(o.getHasMember());
      refs.addAll(o.getDerivedFrom());
    } else if (r instanceof Specimen sp) {
      refs.add(sp.getSubject());
      refs.addAll(sp.getParent());
      refs.addAll(sp.getRequest());
      refs.add(sp.getCollection().getCollector());
    } else if (r instanceof Immunization imm) {
      refs.add(imm.getPatient());
      refs.add(imm.getEncounter());
      refs.add(imm.getLocation());
      refs.add(imm.getManufacturer());
      imm.getPerformer().forEach(p -> refs.add(p.getActor()));
    } else if (r instanceof Patient p) {
      refs.add(p.getManagingOrganization());
      refs.addAll(p.getGeneralPractitioner());
    } else if (r instanceof org.hl7.fhir.r4.model.Organization org) {
      refs.add(org.getPartOf());
    } else {
      return null;
    }
    return refs;
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

  /** A date/time: malformed or in the future is an error; missing yields {@code whenMissing}. */
  void date(BaseDateTimeType value, String at, String prefix, Severity whenMissing) {
    String v = value == null ? null : value.getValueAsString();
    switch (FhirDates.check(v, now)) {
      case EMPTY -> {
        if (whenMissing != null) {
          findings.add(new Finding(whenMissing, prefix + "_MISSING", 101, at, at + " is missing"));
        }
      }
      case INVALID -> error(prefix + "_INVALID", 102, at, "Not a valid FHIR date/time");
      case FUTURE -> error(prefix + "_FUTURE", 102, at, "Date/time is in the future");
      case VALID -> {}
    }
  }
}
