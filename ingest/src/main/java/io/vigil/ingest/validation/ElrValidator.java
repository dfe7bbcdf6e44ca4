package io.vigil.ingest.validation;

import static io.vigil.ingest.validation.CodedElement.value;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_SPECIMEN;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.SPM;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Rules for {@code ORU^R01} laboratory results from the "HL7 Version 2.5.1 Implementation Guide:
 * Electronic Laboratory Reporting to Public Health, Release 1 (US Realm)". Errors where a report is
 * unusable or breaks a SHALL that matters to public health (no patient id, no test code, bad LOINC,
 * no result status, impossible dates); warnings where real senders commonly fall short (no ORC or
 * SPM in older feeds, local codes only, missing birth date). Locations number repeating segments by
 * their occurrence in the message: {@code OBX(3)-5} is the third OBX.
 */
public final class ElrValidator implements MessageValidator {

  /** The segments these rules read; one of them out of place means data was not read. */
  private static final Set<String> RESULT_SEGMENTS = Set.of("PID", "ORC", "OBR", "OBX", "SPM");

  /** Result statuses (HL7 0085) of a result that is there: a version of it, not its absence. */
  private static final Set<String> RESULT_VERSIONS = Set.of("F", "C", "P", "S", "R", "U");

  private final CultureText cultures;
  private final ReportableTests reportable;

  /** Rules that ask no value set: no culture text is named, no order compared with it. */
  public ElrValidator() {
    this(CultureText.NONE, ReportableTests.NONE);
  }

  /**
   * Rules that ask {@code cultures} whether a text result is an isolate sent uncoded, and tell a
   * reportable order whose results {@code reportable} does not count.
   */
  public ElrValidator(CultureText cultures, ReportableTests reportable) {
    this.cultures = Objects.requireNonNull(cultures);
    this.reportable = Objects.requireNonNull(reportable);
  }

  @Override
  public List<Finding> validate(Message message, Instant now) {
    Checks c = new Checks(now);
    if (!(message instanceof ORU_R01 oru)) {
      c.error("STRUCTURE_UNEXPECTED", 200, "MSH-9", "Message structure is not ORU_R01");
      return c.findings();
    }
    UsRealmRules.checkMsh(oru.getMSH(), c, true);
    checkPlacement(oru, c);
    Counters n = new Counters();
    String messageTime = value(oru.getMSH().getDateTimeOfMessage().getTime());
    // HAPI's getXxxReps() copies the whole repetition list: read each count once, or a message
    // with thousands of OBX is examined in quadratic time.
    int patients = oru.getPATIENT_RESULTReps();
    if (patients == 0) {
      c.error("PID_MISSING", 100, "PID", "PID segment is missing");
    }
    if (patients > 1) {
      // HL7 v2.5.1 lets PATIENT_RESULT repeat; the ELR guide's profile has one patient per message.
      c.warn(
          "PATIENT_RESULT_REPEATED",
          100,
          "PID(2)",
          "The message reports "
              + patients
              + " patients; the ELR guide sends one per message: each is read and counted, but an"
              + " error in any of them leaves all of them unused (AE); send one patient per"
              + " message");
    }
    for (int i = 0; i < patients; i++) {
      ORU_R01_PATIENT_RESULT result = oru.getPATIENT_RESULT(i);
      PID pid = result.getPATIENT().getPID();
      if (isEmpty(pid)) {
        c.error("PID_MISSING", 100, "PID", "PID segment is missing");
      } else {
        UsRealmRules.checkPid(pid, i + 1, c, false);
      }
      int orders = result.getORDER_OBSERVATIONReps();
      if (orders == 0) {
        c.error("OBR_MISSING", 100, "OBR", "No OBR segment: the message reports no test");
      }
      List<CollectionDates.Collected> collections = new ArrayList<>();
      for (int j = 0; j < orders; j++) {
        checkOrder(result.getORDER_OBSERVATION(j), n, messageTime, reportable, c)
            .ifPresent(collections::add);
      }
      if (!isEmpty(pid)) {
        String birth = value(pid.getDateTimeOfBirth().getTime());
        CollectionDates.checkBirth(
            birth, i == 0 ? "PID-" : "PID(" + (i + 1) + ")-", collections, c);
      }
    }
    return c.findings();
  }

  /** Checks one order; returns the collection time its results are dated by, if valid. */
  private Optional<CollectionDates.Collected> checkOrder(
      ORU_R01_ORDER_OBSERVATION order,
      Counters n,
      String messageTime,
      ReportableTests reportable,
      Checks c) {
    if (isEmpty(order.getOBR())) {
      // HAPI opens an order for an ORC, OBX or SPM that comes before its OBR (or has none): there
      // is no OBR to check field by field, and counting it would misnumber the real ones.
      c.error(
          "OBR_MISSING",
          100,
          "OBR",
          "An ORC, OBX or SPM comes before its OBR, or its OBR is left out (the ELR order is"
              + " ORC, OBR, OBX, SPM): that order could not be read");
      return Optional.empty();
    }
    int k = ++n.obr;
    String at = "OBR(" + k + ")-";
    if (isEmpty(order.getORC())) {
      c.warn("ORC_MISSING", 100, "OBR(" + k + ")", "No ORC segment before this OBR");
    }
    OBR obr = order.getOBR();
    if (value(obr.getFillerOrderNumber().getEntityIdentifier()).isEmpty()
        && value(order.getORC().getFillerOrderNumber().getEntityIdentifier()).isEmpty()) {
      // Required in the ELR guide; it is how a final, a correction or a withdrawal finds the
      // result it replaces. Without it each version counts as another test.
      c.warn(
          "OBR3_MISSING",
          101,
          at + "3",
          "OBR-3 filler order number (accession number) is missing: a later final, corrected or"
              + " withdrawn version of these results cannot replace them");
    }
    CodedElement service = CodedElement.of(obr.getUniversalServiceIdentifier());
    if (service.hasNoCode()) {
      c.error(
          "OBR4_MISSING",
          101,
          at + "4",
          service.isEmpty()
              ? "OBR-4 universal service identifier is missing"
              : "OBR-4 universal service identifier has text but no code");
    } else {
      c.loinc(service, at + "4", "OBR4", "OBR-4 universal service identifier");
    }
    String observed = value(obr.getObservationDateTime().getTime());
    c.date(
        observed,
        at + "7",
        "OBR7",
        "OBR-7 observation (specimen collection) date/time",
        Severity.E);
    c.imprecise(
        observed,
        at + "7",
        "OBR7",
        "OBR-7 observation date/time",
        "where SPM-17 names none either, the trends date the result on the first day of the month"
            + " or year it names");
    c.date(
        value(obr.getResultsRptStatusChngDateTime().getTime()),
        at + "22",
        "OBR22",
        "OBR-22 result report/status change date/time",
        Severity.W);
    String resultStatus =
        c.capitals(
            value(obr.getResultStatus()),
            HL7Tables.RESULT_STATUS,
            at + "25",
            "OBR25",
            "OBR-25 result status");
    c.table(
        resultStatus,
        HL7Tables.RESULT_STATUS,
        "0123",
        at + "25",
        "OBR25",
        "OBR-25 result status",
        Severity.E,
        Severity.E);
    if ("X".equals(resultStatus)) {
      for (int i = 0; i < order.getOBSERVATIONReps(); i++) {
        String status = value(order.getOBSERVATION(i).getOBX().getObservationResultStatus());
        if (RESULT_VERSIONS.contains(status.toUpperCase(java.util.Locale.ROOT))) {
          c.warn(
              "OBR25_CANCELLED",
              103,
              at + "25",
              "OBR-25 result status is X (order cancelled, no results) while its results say "
                  + status
                  + ": the order's results are read as cancelled and not counted; send OBR-25"
                  + " F, C or P with results, or cancel the results too");
          break;
        }
      }
    }
    // The result time is OBR-22's when it reads as one; OBX-19 is read only without it.
    boolean analysisTimeUsed =
        Hl7Dates.earliestInstant(value(obr.getResultsRptStatusChngDateTime().getTime())).isEmpty();
    int observations = 0;
    int observationReps = order.getOBSERVATIONReps();
    List<OBX> results = new ArrayList<>();
    for (int i = 0; i < observationReps; i++) {
      OBX obx = order.getOBSERVATION(i).getOBX();
      if (!isEmpty(obx)) {
        results.add(obx);
      }
    }
    boolean[] hasValue = new boolean[results.size()];
    int valued = 0;
    for (int i = 0; i < hasValue.length; i++) {
      hasValue[i] = ObservationRules.hasValue(results.get(i));
      valued += hasValue[i] ? 1 : 0;
    }
    java.util.Set<String> unsubbed = new java.util.HashSet<>();
    java.util.Map<String, OBX> subbed = new java.util.HashMap<>();
    boolean questionOrder = AskAtOrderEntry.isQuestionOrder(service);
    for (int i = 0; i < hasValue.length; i++) {
      observations++;
      OBX obx = results.get(i);
      ObservationRules.check(
          obx,
          ++n.obx,
          valued > (hasValue[i] ? 1 : 0),
          analysisTimeUsed,
          questionOrder && !AskAtOrderEntry.isCountedResult(obx, reportable) ? c.asWarnings() : c);
      checkOrganismText(obx, "OBX(" + n.obx + ")-", c);
      String test = value(obx.getObservationIdentifier().getIdentifier());
      String subId = String.join("^", ObservationRules.components(obx.getObservationSubID()));
      OBX earlier =
          test.isEmpty() || subId.replace("^", "").isEmpty()
              ? null
              : subbed.putIfAbsent(test + "|" + subId, obx);
      if (earlier != null && !ObservationValueTypes.TEXT.contains(value(obx.getValueType()))) {
        // v2.5.1 7.4.2.4: OBX-3 with OBX-4 is unique within an OBR. With the same value it is the
        // same observation sent twice, counted once; with another (a lab stamping sub-id 1 on every
        // isolate) it is read as another observation.
        boolean same =
            ObservationRules.typedValue(earlier).equals(ObservationRules.typedValue(obx));
        c.warn(
            "OBX4_DUPLICATE",
            205,
            "OBX(" + n.obx + ")-4",
            "OBX-3 and OBX-4 repeat an earlier OBX of this order (they must be unique within an"
                + " OBR): "
                + (same
                    ? "with the same value, it is the same observation, counted once"
                    : "with another value, it is read as another observation; give it its own"
                        + " sub-id"));
      }
      if (!test.isEmpty()
          && value(obx.getObservationSubID()).isEmpty()
          // OBX-4 counts when any component is valued: LRI senders send v2.8's OG (^3^2).
          && ObservationRules.components(obx.getObservationSubID()).stream()
              .allMatch(String::isEmpty)
          && !unsubbed.add(test)
          && !ObservationValueTypes.TEXT.contains(value(obx.getValueType()))) {
        // Two isolates under one OBX-3 (625-4 Salmonella, 625-4 Shigella): without sub-ids they
        // are one observation to a receiver, and susceptibilities cannot say which they belong to.
        c.warn(
            "OBX4_MISSING",
            101,
            "OBX(" + n.obx + ")-4",
            "OBX-4 sub-id is missing where OBX-3 repeats in the order: give each observation of"
                + " the same test its own sub-id (1, 2, ...)");
      }
    }
    if (observations == 0 && hasSpecimenObservations(order)) {
      // OBR, SPM, OBX: HAPI files the OBX under the specimen. Read as this order's results (the
      // canonical mapping does the same) rather than reported as missing and lost to trends.
      c.warn(
          "OBX_AFTER_SPM",
          100,
          "OBR(" + k + ")",
          "The results follow the SPM segment; the ELR guide puts OBX before SPM. They are read"
              + " as this order's results");
    } else if (observations == 0) {
      c.warn("OBX_MISSING", 100, "OBR(" + k + ")", "No OBX result segment for this OBR");
    }
    int specimens = order.getSPECIMENReps();
    if (specimens == 0) {
      c.warn("SPM_MISSING", 100, "OBR(" + k + ")", "No SPM specimen segment for this OBR");
    }
    ReportableOrders.check(
        obr, at, results.isEmpty() ? specimenObservations(order) : results, reportable, c);
    int firstSpecimen = n.spm + 1;
    for (int i = 0; i < specimens; i++) {
      checkSpecimen(order.getSPECIMEN(i), n, analysisTimeUsed, c);
    }
    return CollectionDates.check(
        obr,
        at,
        specimens == 0 ? null : order.getSPECIMEN(0).getSPM(),
        "SPM(" + firstSpecimen + ")-",
        results,
        messageTime,
        c);
  }

  private static void checkSpecimen(
      ORU_R01_SPECIMEN specimen, Counters n, boolean analysisTimeUsed, Checks c) {
    SPM spm = specimen.getSPM();
    String at = "SPM(" + ++n.spm + ")-";
    CodedElement type = CodedElement.of(spm.getSpecimenType());
    if (type.isEmpty()) {
      c.error("SPM4_MISSING", 101, at + "4", "SPM-4 specimen type is missing");
    } else if (type.hasNoCode()) {
      c.warn("SPM4_NOT_CODED", 103, at + "4", "SPM-4 specimen type has text but no code");
    } else {
      SpecimenTypeRules.check(type, at, c);
    }
    String collected = value(spm.getSpecimenCollectionDateTime().getRangeStartDateTime().getTime());
    c.date(collected, at + "17", "SPM17", "SPM-17 specimen collection date/time", Severity.W);
    c.imprecise(
        collected,
        at + "17",
        "SPM17",
        "SPM-17 specimen collection date/time",
        "the trends date the result by OBR-7 when it names one, else on the first day of the month"
            + " or year it names");
    int specimenObx = specimen.getOBXReps();
    for (int i = 0; i < specimenObx; i++) {
      OBX obx = specimen.getOBX(i);
      if (!isEmpty(obx)) {
        ObservationRules.check(obx, ++n.obx, false, analysisTimeUsed, c);
      }
    }
  }

  /**
   * A culture's isolate sent as text (OBX-2 ST, TX or FT: "Shigella sonnei") or under a lab's own
   * code: ELR codes organisms in SNOMED CT, and the counts read a culture's organism by its code
   * only, so the sender is told; a text saying nothing grew ("No Salmonella or Shigella isolated")
   * is not an isolate.
   */
  private void checkOrganismText(OBX obx, String at, Checks c) {
    String type = value(obx.getValueType());
    boolean coded = type.equals("CWE") || type.equals("CE");
    if (!ObservationValueTypes.TEXT.contains(type) && !coded
        || obx.getObservationValue().length == 0) {
      return;
    }
    List<String> comps = ObservationRules.components(obx.getObservationValue(0).getData());
    String text = comps.get(0);
    if (coded) {
      // A lab's own code (SALM^Salmonella species^L) with no SNOMED CT in either triplet. A
      // text-only CWE is OBX5_NOT_CODED's.
      ca.uhn.hl7v2.model.Type data = obx.getObservationValue(0).getData();
      CodedElement e =
          data instanceof ca.uhn.hl7v2.model.v251.datatype.CWE cwe
              ? CodedElement.of(cwe)
              : data instanceof ca.uhn.hl7v2.model.v251.datatype.CE ce ? CodedElement.of(ce) : null;
      if (e == null || text.isEmpty() || e.codeIn(CodedElement.SNOMED).isPresent()) {
        return;
      }
      text = e.text().isEmpty() ? e.alternateText() : e.text();
    }
    Optional<String> loinc =
        CodedElement.of(obx.getObservationIdentifier()).codeIn(CodedElement.LOINC);
    if (loinc.isPresent() && cultures.isUncodedFinding(loinc.get(), text)) {
      c.warn(
          "OBX5_ORGANISM_NOT_CODED",
          102,
          at + "5",
          (coded
                  ? "OBX-5 of a culture carries only a local code: add the organism's SNOMED CT"
                      + " code as the first or alternate triplet"
                  : "OBX-5 of a culture is text: send an organism as CWE with its SNOMED CT code")
              + "; the trends count a culture's isolate by its SNOMED CT code only, so this"
              + " result is not counted");
    }
  }

  /** The populated OBX of {@code order}'s SPECIMEN groups (results sent after the SPM). */
  private static List<OBX> specimenObservations(ORU_R01_ORDER_OBSERVATION order) {
    List<OBX> out = new ArrayList<>();
    for (int i = 0; i < order.getSPECIMENReps(); i++) {
      ORU_R01_SPECIMEN specimen = order.getSPECIMEN(i);
      for (int j = 0; j < specimen.getOBXReps(); j++) {
        if (!isEmpty(specimen.getOBX(j))) {
          out.add(specimen.getOBX(j));
        }
      }
    }
    return out;
  }

  /** Whether any SPECIMEN group of {@code order} holds a populated OBX. */
  public static boolean hasSpecimenObservations(ORU_R01_ORDER_OBSERVATION order) {
    int specimens = order.getSPECIMENReps();
    for (int i = 0; i < specimens; i++) {
      ORU_R01_SPECIMEN specimen = order.getSPECIMEN(i);
      int count = specimen.getOBXReps();
      for (int j = 0; j < count; j++) {
        if (!isEmpty(specimen.getOBX(j))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A segment the ELR rules read that HAPI could not place in ORU_R01 (an OBX before its OBR, an
   * OBR before the PID): HAPI appends it, and every segment after it, as non-standard, so none of
   * them is read. Said once, for the first one, instead of leaving only "no OBR" to explain it. A
   * segment id in lower case is not read either, and is said each time.
   */
  private static void checkPlacement(Group group, Checks c) {
    List<Segment> unplaced = Structures.unplaced(Structures.of(group), RESULT_SEGMENTS);
    Structures.checkIdCase(unplaced, c);
    Structures.firstOutOfPlace(unplaced)
        .ifPresent(
            id ->
                c.error(
                    "SEGMENT_OUT_OF_ORDER",
                    100,
                    id,
                    id
                        + " is where ORU^R01 does not allow it (the ELR order is MSH, SFT, PID, ORC,"
                        + " OBR, OBX, SPM): it and the segments after it could not be read"));
  }

  static boolean isEmpty(Segment segment) {
    try {
      return segment.isEmpty();
    } catch (HL7Exception e) {
      return true;
    }
  }

  /** Occurrence counters, so locations name the n-th segment of its kind in the message. */
  private static final class Counters {
    int obr;
    int obx;
    int spm;
  }
}
