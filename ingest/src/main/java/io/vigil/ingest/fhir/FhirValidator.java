package io.vigil.ingest.fhir;

import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.store.StorableText;
import io.vigil.ingest.validation.CvxTable;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.PlaceholderBirthDates;
import io.vigil.ingest.validation.Severity;
import io.vigil.ingest.validation.Species;
import io.vigil.ingest.validation.VaccineCodeRules;
import io.vigil.ingest.validation.VaccineCrosswalk;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Specimen;

/**
 * The hub's own synchronous checks of a parsed Bundle: structure and cardinality of what the hub
 * reads, references inside the Bundle, and the same business rules as HL7 v2 (ELR and immunization
 * guides): LOINC on lab tests (a malformed code or wrong check digit is an error, a local code only
 * a warning), CVX on vaccines (unknown to the CDC table is an error), usable patient identity, no
 * impossible or future dates. It is not FHIR profile validation ({@code FhirInstanceValidator},
 * 30–60× the cost of the parse; see ADR 0007), which is opt-in.
 *
 * <p>Locations are FHIRPath expressions ({@code Bundle.entry[3].resource.code}); messages never
 * quote patient data.
 */
public final class FhirValidator {
  private static final String DATA_ABSENT_REASON =
      "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

  // An EnumSet: an unknown status code parses to null, which Set.of(...).contains rejects (NPE).
  private static final Set<Observation.ObservationStatus> WITH_RESULT =
      EnumSet.of(
          Observation.ObservationStatus.FINAL,
          Observation.ObservationStatus.AMENDED,
          Observation.ObservationStatus.CORRECTED,
          Observation.ObservationStatus.PRELIMINARY);

  private final CvxTable cvx;
  private final VaccineCodeRules vaccines;

  public FhirValidator(CvxTable cvx) {
    this.cvx = cvx;
    this.vaccines = new VaccineCodeRules(cvx);
  }

  /** Validates a Bundle already accepted by the endpoint's type check. */
  public List<Finding> validate(Bundle bundle, Instant now) {
    return validate(new BundleIndex(bundle), now);
  }

  List<Finding> validate(BundleIndex index, Instant now) {
    Run c = new Run(index, now);
    Bundle bundle = index.bundle();
    c.bundle(bundle);
    boolean immunizations = false;
    boolean labs = false;
    Set<Patient> patients = new HashSet<>();
    for (BundleIndex.Located<Resource> located : index.resources()) {
      Resource r = located.resource();
      String at = located.path();
      if (r instanceof MessageHeader h) {
        c.messageHeader(h, at);
      } else if (r instanceof Bundle) {
        c.warn(
            "BUNDLE_NESTED_NOT_READ",
            100,
            at,
            "A Bundle inside this Bundle is not read (the hub reads a nested Bundle only as the"
                + " collection Bundle of a message Bundle): send its resources as entries of the"
                + " outer Bundle");
      } else if (r instanceof DiagnosticReport dr) {
        labs = true;
        c.diagnosticReport(dr, at);
      } else if (r instanceof Observation o) {
        labs = true;
        c.observation(o, at, patients);
      } else if (r instanceof Specimen s) {
        c.specimen(s, at);
      } else if (r instanceof Immunization imm) {
        immunizations = true;
        c.immunization(imm, at, patients);
      }
    }
    if (!labs && !immunizations) {
      c.error(
          "REPORT_CONTENT_MISSING",
          100,
          "Bundle.entry",
          "The Bundle holds no DiagnosticReport, Observation or Immunization: it reports nothing");
    }
    for (Patient p : patients) {
      c.patient(p, index.path(p), immunizations && !labs);
    }
    c.references();
    List<Finding> findings = c.findings;
    findings.sort((a, b) -> Boolean.compare(b.isError(), a.isError()));
    return findings;
  }

  /** One validation run: the resource rules over the shared checks of {@link BundleChecks}. */
  private final class Run extends BundleChecks {

    Run(BundleIndex index, Instant now) {
      super(index, now);
    }

    void bundle(Bundle b) {
      if (!b.hasIdentifier() || !FhirCodings.hasText(b.getIdentifier().getValue())) {
        warn(
            "BUNDLE_IDENTIFIER_MISSING",
            101,
            "Bundle.identifier",
            "Bundle.identifier is missing: the submission is stored but a resend cannot be"
                + " recognised as a duplicate");
      } else if (!StorableText.fitsKey(FhirExaminer.controlId(b))) {
        warn(
            "BUNDLE_IDENTIFIER_TOO_LONG",
            102,
            "Bundle.identifier",
            "Bundle.identifier (system|value) is over "
                + StorableText.MAX_KEY_BYTES
                + " bytes: the submission is stored but a resend cannot be recognised as a"
                + " duplicate");
      }
      date(b.getTimestampElement(), "Bundle.timestamp", "BUNDLE_TIMESTAMP", Severity.W);
      for (BundleIndex.Located<Bundle> read : index.bundles()) {
        entries(read.resource(), read.path());
      }
    }

    /** The entries of the Bundle, or of a nested content Bundle, at {@code path}. */
    private void entries(Bundle b, String path) {
      Set<String> fullUrls = new HashSet<>();
      for (int i = 0; i < b.getEntry().size(); i++) {
        Bundle.BundleEntryComponent e = b.getEntry().get(i);
        String at = path + ".entry[" + i + "]";
        if (e.getResource() == null && e.hasRequest()) {
          // bdl-5: a transaction's DELETE or GET carries no resource. The hub stores reports; it
          // carries out no requests, so the entry is left aside rather than refusing the report.
          Bundle.HTTPVerb method = e.getRequest().getMethod();
          warn(
              "ENTRY_REQUEST_NOT_PROCESSED",
              100,
              at + ".request",
              "A "
                  + (method == null ? "request" : method.toCode() + " request")
                  + " entry without a resource is not processed: the hub carries out no"
                  + " requests, it reads the resources sent");
        } else if (e.getResource() == null) {
          error("ENTRY_RESOURCE_MISSING", 101, at, "Bundle entry without a resource");
        }
        if (e.hasFullUrl() && !fullUrls.add(e.getFullUrl())) {
          error("ENTRY_FULLURL_DUPLICATE", 100, at + ".fullUrl", "Two entries share a fullUrl");
        }
      }
    }

    void messageHeader(MessageHeader h, String at) {
      if (!at.equals("Bundle.entry[0].resource")) {
        error("MESSAGEHEADER_POSITION", 100, at, "MessageHeader must be the first entry");
        return;
      }
      if (!h.hasEvent()) {
        error("MESSAGEHEADER_EVENT_MISSING", 101, at + ".event", "MessageHeader.event is missing");
      }
      if (!h.hasSource() || !FhirCodings.hasText(h.getSource().getEndpoint())) {
        if (h.hasSource() && h.getSource().getEndpointElement().hasExtension(DATA_ABSENT_REASON)) {
          // Required, and said to be unknown in FHIR's standard way (ReportStream's converter for
          // an MSH-3 without a URL); the sender is read from MessageHeader.sender, not from here.
          warn(
              "MESSAGEHEADER_SOURCE_ENDPOINT_ABSENT",
              101,
              at + ".source.endpoint",
              "MessageHeader.source.endpoint is absent (data-absent-reason): the sender is read"
                  + " from MessageHeader.sender");
        } else {
          error(
              "MESSAGEHEADER_SOURCE_MISSING",
              101,
              at + ".source.endpoint",
              "MessageHeader.source.endpoint is missing");
        }
      }
      for (int i = 0; i < h.getFocus().size(); i++) {
        Reference focus = h.getFocus().get(i);
        if (!BundleIndex.isLogical(focus) && index.resolve(h, focus).isEmpty()) {
          error(
              "REFERENCE_UNRESOLVED",
              100,
              at + ".focus[" + i + "]",
              "MessageHeader.focus names no resource in this Bundle");
        }
      }
    }

    void diagnosticReport(DiagnosticReport dr, String at) {
      if (dr.getStatus() == null) {
        error("DIAGNOSTICREPORT_STATUS_MISSING", 101, at + ".status", "status is missing");
      }
      code(dr.getCode(), at + ".code", "DIAGNOSTICREPORT_CODE", "DiagnosticReport.code", false);
      if (index.resolve(dr, dr.getSubject(), Patient.class).isEmpty()) {
        error(
            "SUBJECT_MISSING",
            101,
            at + ".subject",
            "DiagnosticReport.subject names no Patient in this Bundle");
      }
      effective(dr.getEffective(), at + ".effective", "DIAGNOSTICREPORT_EFFECTIVE");
      // Without the report's release time, its results' (Observation.issued) tell it.
      Severity unreleased = FhirLabResults.releasedByResults(index, dr) ? null : Severity.W;
      date(dr.getIssuedElement(), at + ".issued", "DIAGNOSTICREPORT_ISSUED", unreleased);
      // A clinical note (US Core's note reports: an H&P as presentedForm) is no lab report: every
      // EHR export carries one per encounter, and warnings on each hid the real ones.
      boolean note = !dr.hasResult() && !FhirLabResults.isLaboratory(dr);
      if (!dr.hasResult() && !note) {
        warn("RESULT_MISSING", 100, at + ".result", "DiagnosticReport without any result");
      }
      if (!note
          && !dr.hasSpecimen()
          && dr.getResult().stream()
              .map(r -> index.resolve(dr, r, Observation.class))
              .noneMatch(o -> o.isPresent() && o.get().hasSpecimen())) {
        warn("SPECIMEN_MISSING", 100, at + ".specimen", "No Specimen for this report");
      }
      if (!hasCollectionTime(dr)) {
        error(
            "COLLECTION_TIME_MISSING",
            101,
            at + ".effective",
            "Neither DiagnosticReport.effective nor a Specimen collection time is given");
      }
    }

    private boolean hasCollectionTime(DiagnosticReport dr) {
      if (dr.hasEffective()) {
        return true;
      }
      for (Reference ref : dr.getSpecimen()) {
        if (index
            .resolve(dr, ref, Specimen.class)
            .map(s -> s.getCollection().hasCollected())
            .orElse(false)) {
          return true;
        }
      }
      for (Reference ref : dr.getResult()) {
        Optional<Observation> o = index.resolve(dr, ref, Observation.class);
        if (o.isPresent()
            && (o.get().hasEffective()
                || index
                    .resolve(o.get(), o.get().getSpecimen(), Specimen.class)
                    .map(s -> s.getCollection().hasCollected())
                    .orElse(false))) {
          return true;
        }
      }
      return false;
    }

    void observation(Observation o, String at, Set<Patient> patients) {
      if (o.getStatus() == null) {
        error("OBSERVATION_STATUS_MISSING", 101, at + ".status", "Observation.status is missing");
      }
      code(o.getCode(), at + ".code", "OBSERVATION_CODE", "Observation.code", true);
      Optional<Patient> patient = index.resolve(o, o.getSubject(), Patient.class);
      if (patient.isEmpty()) {
        error(
            "SUBJECT_MISSING",
            101,
            at + ".subject",
            "Observation.subject names no Patient in this Bundle");
      } else {
        patients.add(patient.get());
      }
      boolean hasValue = o.hasValue() || o.hasComponent() || o.hasHasMember();
      // A warning, as OBX-5 is in HL7 v2: value[x] is 0..1 in R4, and susceptibility lines and
      // simple device templates give the answer as an interpretation only (R, S, POS), which is
      // read.
      if (!hasValue && !o.hasDataAbsentReason() && WITH_RESULT.contains(o.getStatus())) {
        warn(
            "OBSERVATION_VALUE_MISSING",
            101,
            at + ".value",
            o.hasInterpretation()
                ? "Observation.value is missing; its interpretation is read as the result"
                : "Observation.value is missing for a result: it counts as a test whose outcome"
                    + " is unknown (give dataAbsentReason if there is none)");
      }
      if (o.hasValueCodeableConcept() && FhirCodings.all(o.getValueCodeableConcept()).isEmpty()) {
        warn(
            "OBSERVATION_VALUE_NOT_CODED",
            102,
            at + ".valueCodeableConcept",
            "Coded result has text but no code");
      }
      if (o.hasValueDateTimeType()) {
        date(o.getValueDateTimeType(), at + ".valueDateTime", "OBSERVATION_VALUE", null);
      }
      effective(o.getEffective(), at + ".effective", "OBSERVATION_EFFECTIVE");
      date(o.getIssuedElement(), at + ".issued", "OBSERVATION_ISSUED", null);
    }

    void specimen(Specimen s, String at) {
      if (!s.hasType()) {
        error("SPECIMEN_TYPE_MISSING", 101, at + ".type", "Specimen.type is missing");
      } else if (FhirCodings.all(s.getType()).isEmpty()) {
        warn("SPECIMEN_TYPE_NOT_CODED", 103, at + ".type", "Specimen.type has text but no code");
      }
      var c = s.getCollection();
      if (c.hasCollectedDateTimeType()) {
        date(
            c.getCollectedDateTimeType(),
            at + ".collection.collectedDateTime",
            "SPECIMEN_COLLECTED",
            Severity.W);
      } else if (c.hasCollectedPeriod()) {
        date(
            c.getCollectedPeriod().getStartElement(),
            at + ".collection.collectedPeriod.start",
            "SPECIMEN_COLLECTED",
            Severity.W);
      } else {
        warn(
            "SPECIMEN_COLLECTED_MISSING",
            101,
            at + ".collection.collected",
            "Specimen collection time is missing");
      }
    }

    void immunization(Immunization imm, String at, Set<Patient> patients) {
      if (imm.getStatus() == null) {
        error("IMMUNIZATION_STATUS_MISSING", 101, at + ".status", "Immunization.status is missing");
      }
      List<Coding> codes = FhirCodings.all(imm.getVaccineCode());
      Optional<String> cvxCode = FhirCodings.codeIn(imm.getVaccineCode(), Coding.CVX);
      if (codes.isEmpty()) {
        error(
            "VACCINE_CODE_MISSING",
            101,
            at + ".vaccineCode",
            "Immunization.vaccineCode is missing");
      } else if (cvxCode.isEmpty()) {
        Coding counted =
            codes.stream()
                .filter(c -> VaccineCrosswalk.kindOf(c.system()).isPresent())
                .findFirst()
                .orElse(codes.get(0));
        warn(
            "VACCINE_NO_CVX",
            103,
            at + ".vaccineCode",
            "vaccineCode has no CVX coding (system http://hl7.org/fhir/sid/cvx); "
                + vaccines.counted(counted));
      } else if (cvx.lookup(cvxCode.get()).isEmpty()) {
        error(
            "VACCINE_CVX_UNKNOWN",
            103,
            at + ".vaccineCode",
            "CVX" + SafeName.quote(cvxCode.get()) + " is not in the CDC CVX code set");
      }
      if (imm.hasOccurrenceDateTimeType()) {
        date(
            imm.getOccurrenceDateTimeType(),
            at + ".occurrenceDateTime",
            "IMMUNIZATION_OCCURRENCE",
            Severity.E);
        imprecise(
            imm.getOccurrenceDateTimeType(),
            at + ".occurrenceDateTime",
            "IMMUNIZATION_OCCURRENCE",
            "the dose is stored, not counted in the trends");
      } else if (imm.hasOccurrenceStringType()
          && FhirCodings.hasText(imm.getOccurrenceStringType().getValue())) {
        // "Fall 2019, per patient": FHIR and US Core allow it for a dose the patient reports.
        warn(
            "IMMUNIZATION_OCCURRENCE_TEXT",
            102,
            at + ".occurrenceString",
            "Immunization.occurrence is text, not a date: the dose is stored, not counted in the"
                + " trends; send occurrenceDateTime when the date is known");
      } else {
        error(
            "IMMUNIZATION_OCCURRENCE_MISSING",
            101,
            at + ".occurrenceDateTime",
            "Immunization.occurrenceDateTime is missing (a date, or occurrenceString when the date"
                + " is only known as text)");
      }
      Optional<Patient> patient = index.resolve(imm, imm.getPatient(), Patient.class);
      if (patient.isEmpty()) {
        error(
            "SUBJECT_MISSING",
            101,
            at + ".patient",
            "Immunization.patient names no Patient in this Bundle");
      } else {
        patients.add(patient.get());
      }
      // A historical record (primarySource false) has no amount to give, as RXA-6 999 says in v2.
      // Not getPrimarySource(): it unboxes a null value (primarySource sent with only an
      // extension, such as a data-absent-reason).
      boolean historical = Boolean.FALSE.equals(imm.getPrimarySourceElement().getValue());
      if (!imm.hasDoseQuantity()
          && !historical
          && imm.getStatus() == Immunization.ImmunizationStatus.COMPLETED) {
        warn("DOSE_QUANTITY_MISSING", 101, at + ".doseQuantity", "doseQuantity is missing");
      }
      if (!imm.hasPrimarySource() && !imm.hasReportOrigin()) {
        warn(
            "INFORMATION_SOURCE_MISSING",
            101,
            at + ".primarySource",
            "Neither primarySource nor reportOrigin says where the information comes from");
      }
    }

    void patient(Patient p, String at, boolean birthDateRequired) {
      boolean anyId = false;
      boolean typeMissing = false;
      for (Identifier id : p.getIdentifier()) {
        if (FhirCodings.hasText(id.getValue())) {
          anyId = true;
          typeMissing |= !id.hasType() && !id.hasSystem() && !id.hasAssigner();
        }
      }
      if (!anyId) {
        error(
            "PATIENT_IDENTIFIER_MISSING", 101, at + ".identifier", "Patient.identifier is missing");
      } else if (typeMissing) {
        warn(
            "PATIENT_IDENTIFIER_TYPE_MISSING",
            101,
            at + ".identifier",
            "Patient identifier without system, type or assigner");
      }
      boolean anyName =
          p.getName().stream()
              .anyMatch(n -> n.hasFamily() || n.hasGiven() || n.hasText() || n.hasExtension());
      if (!anyName) {
        error("PATIENT_NAME_MISSING", 101, at + ".name", "Patient.name is missing");
      }
      if (PlaceholderBirthDates.isIso(p.getBirthDateElement().getValueAsString())) {
        warn(
            "PATIENT_BIRTHDATE_PLACEHOLDER",
            102,
            at + ".birthDate",
            "Patient.birthDate is a placeholder for an unknown one (such as 1900-01-01): the"
                + " birth date is read as unknown (the age band comes from a stated age if one is"
                + " sent, else is unknown); leave it out when it is not known");
      } else {
        date(
            p.getBirthDateElement(),
            at + ".birthDate",
            "PATIENT_BIRTHDATE",
            birthDateRequired ? Severity.E : Severity.W);
      }
      if (!p.hasGender()) {
        warn("PATIENT_GENDER_MISSING", 101, at + ".gender", "Patient.gender is missing");
      }
      Species.Reading species = AnimalPatients.read(p);
      if (species == Species.Reading.UNREAD) {
        warn(
            "PATIENT_SPECIES_NOT_READ",
            0,
            at + ".extension",
            "The patient-animal extension names no species: the patient is counted as a person;"
                + " leave the extension out for a human patient");
      }
      if (species == Species.Reading.ANIMAL) {
        inform(
            "PATIENT_NOT_HUMAN",
            0,
            at + ".extension",
            "The patient is an animal (extension patient-animal): the report is stored, but its"
                + " results are not counted in the trends, which count persons");
      }
    }
  }
}
