package io.vigil.ingest.fhir;

import io.vigil.ingest.canonical.Address;
import io.vigil.ingest.canonical.BirthDate;
import io.vigil.ingest.canonical.CanonicalReport;
import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.canonical.Immunization;
import io.vigil.ingest.canonical.LabResult;
import io.vigil.ingest.canonical.Patient;
import io.vigil.ingest.canonical.PatientIdentifier;
import io.vigil.ingest.canonical.PatientReport;
import io.vigil.ingest.canonical.Preferred;
import io.vigil.ingest.canonical.ReferenceInstant;
import io.vigil.ingest.canonical.ReportKind;
import io.vigil.ingest.validation.PlaceholderBirthDates;
import io.vigil.ingest.validation.VaccineCrosswalk;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A FHIR R4 Bundle onto the {@link CanonicalReport}, with the conventions the canonical model's
 * javadoc fixes for both formats, so the same report sent as HL7 v2 or as FHIR maps to equal
 * records (up to {@link ReferenceInstant#source()}).
 *
 * <p>Lab results come in report order: each DiagnosticReport's {@code result} references in order,
 * then Observations no report references, in entry order. Each result is grouped under the Patient
 * its {@code subject} names (patients in order of first appearance). Timeliness instants: specimen
 * collected is {@code Specimen.collection.collected[x]} (the Observation's specimen, else its
 * report's first), else {@code Observation.effective[x]}, else {@code
 * DiagnosticReport.effective[x]}; resulted is {@code Observation.issued}, else {@code
 * DiagnosticReport.issued}. The mapper never fails on a bundle that parsed: what is missing maps to
 * "" or empty (the validator reports it).
 */
public final class FhirReportMapper {

  private static final Patient UNKNOWN_PATIENT =
      new Patient(List.of(), "", "", Optional.empty(), "U", Optional.empty());

  /** Maps a parsed Bundle. */
  public CanonicalReport map(Bundle bundle) {
    return map(new BundleIndex(bundle));
  }

  CanonicalReport map(BundleIndex index) {
    Bundle bundle = index.bundle();
    Map<Object, PatientBuilder> patients = new LinkedHashMap<>();
    Map<Observation, DiagnosticReport> reportOf = new IdentityHashMap<>();
    for (Observation o : FhirLabResults.inReportOrder(index, reportOf)) {
      if (FhirCodings.all(o.getCode()).isEmpty()) {
        continue; // validation already flagged an Observation without a code (as for OBX-3)
      }
      DiagnosticReport dr = reportOf.get(o);
      Reference subject = o.hasSubject() || dr == null ? o.getSubject() : dr.getSubject();
      PatientBuilder p = patient(index, o, subject, patients);
      p.labResults.addAll(FhirLabResults.of(index, o, dr));
      if (p.statedAge == null && FhirStatedAge.isStatedAge(o)) {
        p.statedAge = o;
      }
    }
    for (var imm : index.resources(org.hl7.fhir.r4.model.Immunization.class)) {
      patient(index, imm, imm.getPatient(), patients).immunizations.add(immunization(imm));
    }
    List<PatientReport> reports =
        patients.values().stream()
            .map(
                p ->
                    new PatientReport(
                        p.patientAsStated(),
                        FhirLabResults.numberRepeats(p.labResults),
                        p.immunizations))
            .collect(Collectors.toList());
    boolean immunizationsOnly =
        reports.stream().allMatch(r -> r.labResults().isEmpty())
            && reports.stream().anyMatch(r -> !r.immunizations().isEmpty());
    return new CanonicalReport(
        immunizationsOnly ? ReportKind.IMMUNIZATION : ReportKind.LAB,
        BundleSender.facilityOf(index),
        instant(bundle.getTimestampElement(), "Bundle.timestamp"),
        reports,
        ProcessingTag.of(bundle));
  }

  private static final class PatientBuilder {
    final Patient patient;
    final List<LabResult> labResults = new ArrayList<>();
    final List<Immunization> immunizations = new ArrayList<>();
    Observation statedAge;

    PatientBuilder(Patient patient) {
      this.patient = patient;
    }

    /** Without a usable birth date, the age an ask-at-order-entry answer states gives the band. */
    Patient patientAsStated() {
      if (patient.birthDate().isPresent() || statedAge == null) {
        return patient;
      }
      Optional<BirthDate> stated = FhirStatedAge.of(statedAge, labResults);
      return stated.isPresent() ? patient.withBirthDate(stated) : patient;
    }
  }

  private static PatientBuilder patient(
      BundleIndex index, Resource from, Reference subject, Map<Object, PatientBuilder> patients) {
    Optional<org.hl7.fhir.r4.model.Patient> p =
        index.resolve(from, subject, org.hl7.fhir.r4.model.Patient.class);
    Object key = p.isPresent() ? p.get() : UNKNOWN_PATIENT;
    return patients.computeIfAbsent(
        key, k -> new PatientBuilder(p.map(pt -> patient(index, pt)).orElse(UNKNOWN_PATIENT)));
  }

  static Patient patient(BundleIndex index, org.hl7.fhir.r4.model.Patient p) {
    List<PatientIdentifier> ids = new ArrayList<>();
    for (Identifier id : p.getIdentifier()) {
      if (FhirCodings.hasText(id.getValue())) {
        String type = id.hasType() ? first(id.getType()) : "";
        ids.add(new PatientIdentifier(id.getValue().trim(), authority(index, p, id), type));
      }
    }
    HumanName name =
        Preferred.first(
                p.getName(),
                n -> nameRank(n.getUse()),
                n -> FhirCodings.hasText(n.getFamily()) || n.hasGiven())
            .orElseGet(HumanName::new);
    return new Patient(
        ids,
        FhirCodings.nonNull(name.getFamily()),
        name.hasGiven() ? FhirCodings.nonNull(name.getGiven().get(0).getValue()) : "",
        birthDate(p.getBirthDateElement()),
        Patient.sexOf(p.getGender() != null ? p.getGender().toCode() : null),
        address(p),
        !AnimalPatients.isAnimal(p));
  }

  /**
   * A birth date to the day, month or year, as given. HAPI keeps the text as received and tolerates
   * surrounding blanks (as {@link FhirDates} does): {@code " 1990-06-12"} made {@code
   * LocalDate.parse} throw.
   */
  static Optional<BirthDate> birthDate(DateType d) {
    if (d == null || d.getValue() == null || d.getPrecision() == null) {
      return Optional.empty();
    }
    String text = d.getValueAsString().trim();
    if (PlaceholderBirthDates.isIso(text)) {
      return Optional.empty(); // "unknown", written as 1900-01-01
    }
    try {
      return switch (d.getPrecision()) {
        case DAY -> Optional.of(BirthDate.day(LocalDate.parse(text)));
        case MONTH -> Optional.of(BirthDate.month(YearMonth.parse(text)));
        case YEAR -> Optional.of(BirthDate.year(Integer.parseInt(text)));
        default -> Optional.empty();
      };
    } catch (DateTimeException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The assigning authority as HL7 CX-4 names it: the assigner's identifier (e.g. a CLIA number),
   * given in the reference or on the Organization it names in the Bundle (as ReportStream sends
   * it), else the identifier system as a bare OID, else the system URI.
   */
  static String authority(BundleIndex index, org.hl7.fhir.r4.model.Patient patient, Identifier id) {
    if (id.hasAssigner()) {
      Reference assigner = id.getAssigner();
      if (FhirCodings.hasText(assigner.getIdentifier().getValue())) {
        return BundleSender.bare(assigner.getIdentifier().getValue());
      }
      Optional<String> named =
          index.resolve(patient, assigner, Organization.class).stream()
              .flatMap(o -> o.getIdentifier().stream())
              .map(Identifier::getValue)
              .filter(FhirCodings::hasText)
              .findFirst();
      if (named.isPresent()) {
        return BundleSender.bare(named.get());
      }
    }
    return BundleSender.bare(FhirCodings.nonNull(id.getSystem()));
  }

  /**
   * How much a Patient.name is the patient's own, by the rules of the HL7 v2 mapper's {@code
   * nameRank}: official first, then one without a use or the usual one, then any other; a former
   * name ({@code old}) never.
   */
  private static int nameRank(HumanName.NameUse use) {
    if (use == null) {
      return 1;
    }
    return switch (use) {
      case OFFICIAL -> 0;
      case USUAL, NULL -> 1;
      case OLD -> Integer.MAX_VALUE;
      default -> 2;
    };
  }

  /**
   * The address the patient lives at, by the rules of the HL7 v2 mapper's {@code residence}: the
   * first non-blank home or temporary address, else the first without a use, else the first work or
   * billing one. A former address ({@code old}) is never taken.
   */
  private static Optional<Address> address(org.hl7.fhir.r4.model.Patient p) {
    return Address.preferred(
        p.getAddress(),
        a ->
            ended(a)
                ? Integer.MAX_VALUE // a former address, as use "old" says (Address.period)
                : a.getUse() == null
                    ? 1
                    : switch (a.getUse()) {
                      case HOME, TEMP -> 0;
                      case NULL -> 1;
                      case OLD -> Integer.MAX_VALUE;
                      default -> 2;
                    },
        a ->
            a.getUse() == null
                || a.getUse() == org.hl7.fhir.r4.model.Address.AddressUse.HOME
                || a.getUse() == org.hl7.fhir.r4.model.Address.AddressUse.TEMP
                || a.getUse() == org.hl7.fhir.r4.model.Address.AddressUse.NULL,
        a ->
            new Address(
                a.hasLine() ? FhirCodings.nonNull(a.getLine().get(0).getValue()) : "",
                FhirCodings.nonNull(a.getCity()),
                FhirCodings.nonNull(a.getState()),
                FhirCodings.nonNull(a.getPostalCode()),
                FhirCodings.nonNull(a.getDistrict()),
                FhirCodings.nonNull(a.getCountry())));
  }

  /** An address whose period ended before today: where the patient lived, not lives. */
  private static boolean ended(org.hl7.fhir.r4.model.Address a) {
    return a.hasPeriod()
        && a.getPeriod().getEnd() != null
        && a.getPeriod().getEnd().toInstant().isBefore(java.time.Instant.now());
  }

  private static Optional<Integer> doseNumber(
      org.hl7.fhir.r4.model.Immunization.ImmunizationProtocolAppliedComponent applied) {
    if (applied.hasDoseNumberPositiveIntType()) {
      return Optional.ofNullable(applied.getDoseNumberPositiveIntType().getValue());
    }
    if (applied.hasDoseNumberStringType()) {
      String s = applied.getDoseNumberStringType().getValue();
      return s != null && s.matches("\\d{1,4}")
          ? Optional.of(Integer.parseInt(s))
          : Optional.empty();
    }
    return Optional.empty();
  }

  private static Immunization immunization(org.hl7.fhir.r4.model.Immunization imm) {
    // One protocolApplied per target disease (Twinrix: hepatitis A dose 1, hepatitis B dose 2):
    // the dose number counts only where they agree, since every vaccine group gets the same one.
    java.util.Set<Optional<Integer>> numbers = new java.util.HashSet<>();
    for (var applied : imm.getProtocolApplied()) {
      numbers.add(doseNumber(applied));
    }
    Optional<Integer> dose = numbers.size() == 1 ? numbers.iterator().next() : Optional.empty();
    Optional<ReferenceInstant> administered =
        imm.hasOccurrenceDateTimeType()
                // A dose dated to its month or year has no day to be counted on.
                && FhirDates.toTheDay(imm.getOccurrenceDateTimeType().getValueAsString())
            ? instant(imm.getOccurrenceDateTimeType(), "Immunization.occurrenceDateTime")
            : Optional.empty();
    var status = imm.getStatus();
    String completion;
    if (status == org.hl7.fhir.r4.model.Immunization.ImmunizationStatus.NOTDONE) {
      boolean refused = imm.hasStatusReason() && "PATOBJ".equals(first(imm.getStatusReason()));
      completion = refused ? "RE" : "NA";
    } else {
      // Not getIsSubpotent(): it unboxes a null value (isSubpotent sent with only an extension).
      completion = Boolean.TRUE.equals(imm.getIsSubpotentElement().getValue()) ? "PA" : "CP";
    }
    String action =
        status == org.hl7.fhir.r4.model.Immunization.ImmunizationStatus.ENTEREDINERROR ? "D" : "A";
    return new Immunization(
        vaccine(imm.getVaccineCode()), administered, dose, completion, action, recordId(imm));
  }

  /**
   * The sender's identity of a dose record: its first Immunization.identifier with a value (with
   * its system), else the resource id, else "". A {@code urn:uuid:}/{@code urn:oid:} id is a
   * message's own name for its entry (a Bundle's fullUrl), new in each message: it names no record.
   */
  private static String recordId(org.hl7.fhir.r4.model.Immunization imm) {
    for (Identifier id : imm.getIdentifier()) {
      if (id.hasValue() && !id.getValue().isBlank()) {
        return "identifier|" + (id.hasSystem() ? id.getSystem() : "") + "|" + id.getValue().strip();
      }
    }
    String id = imm.getIdElement().getIdPart();
    return id == null || id.isBlank() || id.startsWith("urn:") ? "" : "id|" + id.strip();
  }

  /**
   * The vaccine of Immunization.vaccineCode: the first CVX coding, else the first NDC, else the
   * first CPT (which the de-identifier reads through CDC's crosswalk to a CVX), else the first
   * coding at all.
   */
  private static Coding vaccine(CodeableConcept vaccineCode) {
    List<Coding> codings = FhirCodings.all(vaccineCode);
    return codings.stream()
        .filter(Coding::isCvx)
        .findFirst()
        .or(() -> firstOf(codings, VaccineCrosswalk.Kind.NDC))
        .or(() -> firstOf(codings, VaccineCrosswalk.Kind.CPT))
        .or(() -> codings.stream().findFirst())
        .orElse(new Coding("urn:vigil:local:unspecified", "", ""));
  }

  private static Optional<Coding> firstOf(List<Coding> codings, VaccineCrosswalk.Kind kind) {
    return codings.stream()
        .filter(c -> VaccineCrosswalk.kindOf(c.system()).equals(Optional.of(kind)))
        .findFirst();
  }

  static String first(CodeableConcept cc) {
    return cc.getCoding().stream()
        .filter(c -> c.hasCode())
        .map(c -> c.getCode())
        .findFirst()
        .orElse("");
  }

  static Optional<ReferenceInstant> instant(BaseDateTimeType value, String source) {
    if (value == null || !value.hasValue()) {
      return Optional.empty();
    }
    String text = value.getValueAsString();
    return FhirDates.earliestInstant(text)
        .map(at -> new ReferenceInstant(at, source, FhirDates.writtenDay(text, at)));
  }
}
