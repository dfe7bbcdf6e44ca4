package io.vigil.ingest.canonical;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.TS;
import ca.uhn.hl7v2.model.v251.datatype.XAD;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v251.group.VXU_V04_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.VXU_V04_ORDER;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.message.VXU_V04;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.RXA;
import io.vigil.ingest.validation.CodedElement;
import io.vigil.ingest.validation.DoseStatus;
import io.vigil.ingest.validation.Hl7Dates;
import io.vigil.ingest.validation.PlaceholderBirthDates;
import io.vigil.ingest.validation.Species;
import io.vigil.ingest.validation.VxuValidator;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps a parsed HL7 v2.5.1 {@code ORU^R01} or {@code VXU^V04} onto the {@link CanonicalReport}.
 * Reads only; tolerant of what validation let through as warnings (missing SPM, local codes).
 *
 * <p>Reference instants use the same precedence as the log leaf ({@code
 * io.vigil.ingest.hl7v2.ReferenceInstants}) so analytics and receipts agree: collected = SPM-17,
 * else OBR-7; resulted = OBR-22, else OBX-19; message created = MSH-7.
 */
public final class Hl7v2ReportMapper {

  /** LOINC of the VXU observation "dose number in series". */
  static final String DOSE_NUMBER_LOINC = "30973-2";

  private Hl7v2ReportMapper() {}

  /**
   * The canonical report of a parsed message, or empty for other structures.
   *
   * @param facilityId the sending facility id the hub identified the sender by (MSH-4)
   */
  public static Optional<CanonicalReport> map(Message message, String facilityId) {
    return map(message, facilityId, java.util.Set.of());
  }

  /**
   * The canonical report without the immunization doses numbered {@code rejectedDoses} (1-based, in
   * message order, as findings locate them: {@code RXA(2)}), which the IZ guide's segment-group
   * rejection leaves out while keeping the message's other doses.
   */
  public static Optional<CanonicalReport> map(
      Message message, String facilityId, java.util.Set<Integer> rejectedDoses) {
    try {
      if (message instanceof ORU_R01 oru) {
        return Optional.of(lab(oru, facilityId));
      }
      if (message instanceof VXU_V04 vxu) {
        return Optional.of(immunization(vxu, facilityId, rejectedDoses));
      }
      return Optional.empty();
    } catch (HL7Exception e) {
      return Optional.empty();
    }
  }

  private static CanonicalReport lab(ORU_R01 oru, String facilityId) throws HL7Exception {
    List<PatientReport> patients = new ArrayList<>();
    // getXxxAll() once per group: HAPI's getXxxReps() copies the repetition list on every call.
    for (ORU_R01_PATIENT_RESULT group : oru.getPATIENT_RESULTAll()) {
      List<LabResult> results = new ArrayList<>();
      List<ORU_R01_ORDER_OBSERVATION> orders = group.getORDER_OBSERVATIONAll();
      for (ORU_R01_ORDER_OBSERVATION order : orders) {
        Hl7v2LabResults.addResults(order, results);
      }
      Patient patient = patient(group.getPATIENT().getPID());
      // Only without a usable PID-7: the results are not walked again for every patient.
      Optional<LocalDate> collected =
          patient.birthDate().isPresent()
              ? Optional.empty()
              : results.stream()
                  .flatMap(r -> r.specimenCollected().stream())
                  .findFirst()
                  .map(
                      c ->
                          c.writtenDay()
                              .orElseGet(() -> c.at().atOffset(ZoneOffset.UTC).toLocalDate()));
      if (collected.isPresent()) {
        // No usable PID-7: the age an ask-at-order-entry answer states gives the age band.
        Optional<BirthDate> stated = StatedAge.of(orders, collected.get());
        if (stated.isPresent()) {
          patient = patient.withBirthDate(stated);
        }
      }
      patients.add(new PatientReport(patient, results, List.of()));
    }
    return new CanonicalReport(
        ReportKind.LAB, facilityId, created(oru.getMSH()), patients, processingId(oru.getMSH()));
  }

  private static CanonicalReport immunization(
      VXU_V04 vxu, String facilityId, java.util.Set<Integer> rejectedDoses) throws HL7Exception {
    List<Immunization> doses = new ArrayList<>();
    // Every RXA the validator checked, wherever HAPI put it: an RXA before its ORC, or after an
    // RXR or OBX, is filed outside the ORDER group (and was lost to the trends).
    int k = 0;
    for (RXA rxa : VxuValidator.administrations(vxu)) {
      if (rejectedDoses.contains(++k)) {
        continue;
      }
      Optional<Coding> vaccine = vaccine(CodedElement.of(rxa.getAdministeredCode()));
      if (vaccine.isEmpty()) {
        continue;
      }
      Optional<Integer> doseNumber = Optional.empty();
      List<VXU_V04_OBSERVATION> observations =
          rxa.getParent() instanceof VXU_V04_ORDER order ? order.getOBSERVATIONAll() : List.of();
      for (VXU_V04_OBSERVATION observation : observations) {
        OBX obx = observation.getOBX();
        if (DOSE_NUMBER_LOINC.equals(
                CodedElement.of(obx.getObservationIdentifier())
                    .codeIn(CodedElement.LOINC)
                    .orElse(""))
            && obx.getObservationValueReps() > 0) {
          doseNumber = positiveInt(text(obx.getObservationValue(0).getData()));
        }
      }
      // In capitals: validation accepts "cp" as CP (with a warning), and so must the trends. Not
      // sent: given, unless the record says otherwise (RXA6_ZERO, a refusal reason, immunity).
      String completion = DoseStatus.of(rxa);
      String action = CodedElement.value(rxa.getActionCodeRXA()).toUpperCase(Locale.ROOT);
      doses.add(
          new Immunization(
              vaccine.get(),
              // A dose dated to its month or year (RXA3_IMPRECISE) has no day to be counted on.
              instant(rxa.getDateTimeStartOfAdministration(), "RXA-3")
                  .filter(
                      a ->
                          Hl7Dates.toTheDay(
                              CodedElement.value(
                                  rxa.getDateTimeStartOfAdministration().getTime()))),
              doseNumber,
              completion,
              action.isEmpty() ? "A" : action,
              DoseRecordIds.of(rxa)));
    }
    PatientReport patient = new PatientReport(patient(vxu.getPID()), List.of(), doses);
    return new CanonicalReport(
        ReportKind.IMMUNIZATION,
        facilityId,
        created(vxu.getMSH()),
        List.of(patient),
        processingId(vxu.getMSH()));
  }

  static Patient patient(PID pid) throws HL7Exception {
    List<PatientIdentifier> ids = new ArrayList<>();
    for (CX cx : pid.getPatientIdentifierList()) {
      String value = CodedElement.value(cx.getIDNumber());
      if (!value.isEmpty()) {
        String authority = CodedElement.value(cx.getAssigningAuthority().getUniversalID());
        if (authority.isEmpty()) {
          authority = CodedElement.value(cx.getAssigningAuthority().getNamespaceID());
        }
        ids.add(
            new PatientIdentifier(
                value, authority, CodedElement.value(cx.getIdentifierTypeCode())));
      }
    }
    Optional<XPN> name =
        Preferred.first(
            List.of(pid.getPatientName()),
            xpn -> nameRank(CodedElement.value(xpn.getNameTypeCode())),
            xpn -> !(family(xpn).isBlank() && given(xpn).isBlank()));
    Optional<Address> address = residence(pid.getPatientAddress());
    return new Patient(
        ids,
        name.map(Hl7v2ReportMapper::family).orElse(""),
        name.map(Hl7v2ReportMapper::given).orElse(""),
        birthDate(CodedElement.value(pid.getDateTimeOfBirth().getTime())),
        Patient.sexOf(CodedElement.value(pid.getAdministrativeSex())),
        address,
        !Species.notHuman(pid));
  }

  private static Optional<BirthDate> birthDate(String pid7) {
    return PlaceholderBirthDates.is(pid7) ? Optional.empty() : BirthDate.ofHl7(pid7);
  }

  private static String family(XPN name) {
    return HexEscapes.decode(CodedElement.value(name.getFamilyName().getSurname()));
  }

  private static String given(XPN name) {
    return HexEscapes.decode(CodedElement.value(name.getGivenName()));
  }

  /**
   * How much a PID-5 repetition is the patient's own name, for the person key that links reports of
   * one person across labs (lower is better): PID-5 repeats (legal, alias, maiden, display …) and
   * the legal name is not always first. A name marked bad (BAD) is never taken.
   */
  static int nameRank(String xpn7) {
    return switch (xpn7.strip().toUpperCase(Locale.ROOT)) {
      case "L" -> 0;
      case "" -> 1;
      case "BAD" -> Integer.MAX_VALUE;
      default -> 2;
    };
  }

  /**
   * The address the patient lives at, for the jurisdiction: PID-11 repeats (home, mailing, birth
   * place, a known-bad address …) and senders do not always put the residence first. Taken in order
   * of preference: the first non-blank repetition typed (XAD-7, table 0190) as a residence (home,
   * legal, current, permanent, registry home), else the first untyped one, else the first of
   * another type (mailing, business, …, still the best guess at where the patient is). A bad
   * address (BA) or a birth address (BDL, BR, N) is never taken.
   */
  public static Optional<Address> residence(XAD[] reps) {
    return Address.preferred(
        List.of(reps),
        xad ->
            switch (CodedElement.value(xad.getAddressType()).strip().toUpperCase(Locale.ROOT)) {
              case "H", "L", "C", "P", "RH" -> 0;
              case "" -> 1;
              case "BA", "BDL", "BR", "N" -> Integer.MAX_VALUE;
              default -> 2;
            },
        xad ->
            switch (CodedElement.value(xad.getAddressType()).strip().toUpperCase(Locale.ROOT)) {
              case "H", "L", "C", "P", "RH", "", "M" -> true;
              default -> false;
            },
        xad ->
            new Address(
                CodedElement.value(xad.getStreetAddress().getStreetOrMailingAddress()),
                CodedElement.value(xad.getCity()),
                CodedElement.value(xad.getStateOrProvince()),
                CodedElement.value(xad.getZipOrPostalCode()),
                CodedElement.value(xad.getCountyParishCode()),
                CodedElement.value(xad.getCountry())));
  }

  /**
   * The vaccine of RXA-5: the CVX triplet (primary or alternate), else the NDC one, else the CPT
   * one (which the de-identifier reads through CDC's crosswalk to a CVX), else a CVX under a local
   * name for its system, else the primary.
   */
  private static Optional<Coding> vaccine(CodedElement e) {
    for (java.util.Set<String> system :
        List.of(CodedElement.CVX, CodedElement.NDC, CodedElement.CPT)) {
      if (e.codeIn(system).isPresent()) {
        return coding(e, Optional.of(system));
      }
    }
    Optional<String> local = e.cvxUnderLocalName(); // RXA5_CVX_CODING_SYSTEM: LIM_CVX and the like
    if (local.isPresent()) {
      String text = local.get().equals(e.identifier()) ? e.text() : e.alternateText();
      return Optional.of(new Coding(Coding.CVX, local.get(), text));
    }
    return coding(e, Optional.empty());
  }

  /**
   * The coding to use: the triplet in one of {@code preferred} systems when present (primary or
   * alternate), else the primary triplet, else the alternate.
   */
  static Optional<Coding> coding(CodedElement e, Optional<java.util.Set<String>> preferred) {
    if (preferred.isPresent()
        && preferred.get().equals(CodedElement.LOINC)
        && e.fusedLoinc().isPresent()) {
      // A LOINC run into its text (CDPH's converter), with or without LN.
      return Optional.of(new Coding(Coding.LOINC, e.fusedLoinc().get(), e.fusedText()));
    }
    if (preferred.isPresent()) {
      Optional<String> code = e.codeIn(preferred.get());
      if (code.isPresent()) {
        boolean primary =
            code.get().equals(e.identifier())
                && !e.identifier().isEmpty()
                && preferred.get().contains(e.codingSystem().toUpperCase(java.util.Locale.ROOT));
        return Optional.of(
            primary
                ? new Coding(Coding.systemOf(e.codingSystem()), e.identifier(), e.text())
                : new Coding(
                    Coding.systemOf(e.alternateCodingSystem()),
                    e.alternateIdentifier(),
                    e.alternateText()));
      }
      if (preferred.get().equals(CodedElement.LOINC) && e.bareLoinc().isPresent()) {
        // A LOINC whose CWE-3 the sender's interface dropped (OBX3_NO_CODING_SYSTEM).
        String loinc = e.bareLoinc().get();
        String text = loinc.equals(e.identifier()) ? e.text() : e.alternateText();
        return Optional.of(new Coding(Coding.LOINC, loinc, text));
      }
    }
    if (!e.identifier().isEmpty()) {
      return Optional.of(new Coding(Coding.systemOf(e.codingSystem()), e.identifier(), e.text()));
    }
    if (!e.alternateIdentifier().isEmpty()) {
      return Optional.of(
          new Coding(
              Coding.systemOf(e.alternateCodingSystem()),
              e.alternateIdentifier(),
              e.alternateText()));
    }
    return Optional.empty();
  }

  private static Optional<ReferenceInstant> created(MSH msh) {
    return instant(msh.getDateTimeOfMessage(), "MSH-7");
  }

  /** MSH-11.1 (the examiner has rejected any value but P, T and D); P when empty. */
  private static String processingId(MSH msh) {
    String id = CodedElement.value(msh.getProcessingID().getProcessingID());
    return id.isEmpty() ? CanonicalReport.PRODUCTION : id;
  }

  static Optional<ReferenceInstant> instant(TS ts, String source) {
    String value = CodedElement.value(ts.getTime());
    return Hl7Dates.earliestInstant(value)
        .map(at -> new ReferenceInstant(at, source, Hl7Dates.writtenDay(value, at)));
  }

  private static Optional<Integer> positiveInt(String s) {
    try {
      int n = (int) Double.parseDouble(s.trim());
      return n >= 1 ? Optional.of(n) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A non-coded value in its ER7 text form (NM, ST, SN, TX …). */
  static String text(Type data) {
    if (data instanceof Varies v) {
      data = v.getData();
    }
    if (data instanceof Primitive p) {
      return p.getValue() == null ? "" : p.getValue().trim();
    }
    try {
      return data.encode();
    } catch (HL7Exception e) {
      return "";
    }
  }
}
