package io.vigil.ingest.validation;

import static io.vigil.ingest.validation.CodedElement.value;
import static io.vigil.ingest.validation.ElrValidator.isEmpty;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.ST;
import ca.uhn.hl7v2.model.v251.datatype.TS;
import ca.uhn.hl7v2.model.v251.group.VXU_V04_ORDER;
import ca.uhn.hl7v2.model.v251.message.VXU_V04;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import ca.uhn.hl7v2.model.v251.segment.RXA;
import ca.uhn.hl7v2.model.v251.segment.RXR;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Rules for {@code VXU^V04} immunization updates from the CDC "HL7 Version 2.5.1 Implementation
 * Guide for Immunization Messaging, Release 1.5". The vaccine (RXA-5, CVX) and the administration
 * date (RXA-3) must be usable; table-coded fields must hold table values; fields the guide requires
 * but that older feeds omit (ORC, RXA-6, RXA-9, RXA-20, RXA-21) are warnings when absent, as is
 * RXA-18 (refusal reason) on a refused dose; RXA-9 is only expected of a dose that was given, which
 * must not predate the patient's birth, and the lot and manufacturer (RXA-15, RXA-17) of a dose the
 * sender gave. OBX observation codes labelled LOINC must be well formed (warnings: they qualify a
 * dose).
 */
public final class VxuValidator implements MessageValidator {

  /** CVX 998, "no vaccine administered": a record about a dose that was not given. */
  private static final String NO_VACCINE_ADMINISTERED = "998";

  /** CVX 999, "unknown vaccine": a historical record of a dose whose vaccine is not known. */
  private static final String UNKNOWN_VACCINE = "999";

  /** RXA-9 (NIP001) of a dose given by the sender, as opposed to a historical record (01-08). */
  private static final String NEW_RECORD = "00";

  /** RXA-6 when the amount given is not known (historical records, refusals). */
  private static final String UNKNOWN_AMOUNT = "999";

  /** The segments the immunization rules read. */
  private static final Set<String> READ_SEGMENTS = Set.of("PID", "ORC", "RXA", "RXR", "OBX");

  private final VaccineCodeRules vaccines;

  /** A validator using {@code cvx} for RXA-5. */
  public VxuValidator(CvxTable cvx) {
    this.vaccines = new VaccineCodeRules(Objects.requireNonNull(cvx));
  }

  @Override
  public List<Finding> validate(Message message, Instant now) {
    Checks c = new Checks(now);
    if (!(message instanceof VXU_V04 vxu)) {
      c.error("STRUCTURE_UNEXPECTED", 200, "MSH-9", "Message structure is not VXU_V04");
      return c.findings();
    }
    UsRealmRules.checkMsh(vxu.getMSH(), c, false);
    // Doses and their observations are read wherever HAPI put them; a patient only in its place.
    List<Structures.Placed> placed = Structures.of(vxu);
    List<Segment> unplaced = Structures.unplaced(placed, READ_SEGMENTS);
    Structures.checkIdCase(unplaced, c);
    if (isEmpty(vxu.getPID())) {
      if (unplaced.stream().anyMatch(segment -> segment.getName().equals("PID"))) {
        c.error(
            "SEGMENT_OUT_OF_ORDER",
            100,
            "PID",
            "PID is where VXU^V04 does not allow it (the IZ order is MSH, PID, PD1, NK1, PV1,"
                + " ORC, RXA, RXR, OBX): it could not be read");
      } else {
        c.error("PID_MISSING", 100, "PID", "PID segment is missing");
      }
    } else {
      UsRealmRules.checkPid(vxu.getPID(), c, true);
    }
    List<RXA> administrations = new ArrayList<>();
    List<OBX> observations = new ArrayList<>();
    collect(placed, administrations, observations);
    if (administrations.isEmpty()) {
      c.warn("RXA_MISSING", 100, "RXA", "No RXA segment: the message reports no immunization");
    }
    String birth = value(vxu.getPID().getDateTimeOfBirth().getTime());
    if (Hl7Dates.check(birth, now) != Hl7Dates.Status.VALID) {
      birth = ""; // missing or wrong: reported by the PID rules, nothing to compare doses with
    }
    Orders orders = orders(placed, c);
    for (int i = 0; i < administrations.size(); i++) {
      checkRxa(administrations.get(i), i + 1, birth, orders, c);
    }
    for (int i = 0; i < observations.size(); i++) {
      checkObservation(observations.get(i), i + 1, c);
    }
    return c.findings();
  }

  /**
   * The message's ORCs in message order, and the ORC of each RXA that has one.
   *
   * @param all every populated ORC, numbered in message order as RXAs and OBXs are
   * @param ofDose each RXA's ORC: its ORDER group's, or else the ORC just before it in message
   *     order, with no RXA, RXR or OBX between them (HAPI files a whole order outside its group
   *     when a segment before it was out of place, but the ORC is there)
   */
  private record Orders(List<ORC> all, Map<RXA, ORC> ofDose) {}

  /**
   * Reads the orders of {@code placed}, and reports each OBX before the first ORC or RXA: in
   * VXU^V04 an observation belongs to a dose, so HAPI can place neither it nor any order after it.
   */
  private static Orders orders(List<Structures.Placed> placed, Checks c) {
    List<ORC> all = new ArrayList<>();
    Map<RXA, ORC> ofDose = new IdentityHashMap<>();
    ORC unclaimed = null;
    boolean beforeOrders = true;
    int observations = 0;
    for (Structures.Placed p : placed) {
      if (p.structure() instanceof ORC orc && !isEmpty(orc)) {
        all.add(orc);
        unclaimed = orc;
        beforeOrders = false;
      } else if (p.structure() instanceof RXA rxa && !isEmpty(rxa)) {
        ORC own =
            rxa.getParent() instanceof VXU_V04_ORDER order && !isEmpty(order.getORC())
                ? order.getORC()
                : unclaimed;
        if (own != null) {
          ofDose.put(rxa, own);
        }
        unclaimed = null;
        beforeOrders = false;
      } else if (p.structure() instanceof RXR rxr && !isEmpty(rxr)) {
        unclaimed = null; // a route before the RXA: the order is out of shape, not just displaced
      } else if (p.structure() instanceof OBX obx && !isEmpty(obx)) {
        observations++;
        unclaimed = null; // likewise an observation between an ORC and an RXA
        if (beforeOrders) {
          c.warn(
              "SEGMENT_OUT_OF_ORDER",
              100,
              "OBX(" + observations + ")",
              "OBX before the first ORC: in VXU^V04 an observation belongs to a dose and follows"
                  + " its RXA and RXR (evidence of immunity is a dose of CVX 998 with its OBX);"
                  + " this one is not read as any dose's");
        }
      }
    }
    return new Orders(all, ofDose);
  }

  /**
   * Every populated RXA of {@code vxu} in message order, wherever HAPI placed it: what these rules
   * check and what the canonical mapping reads.
   */
  public static List<RXA> administrations(VXU_V04 vxu) {
    List<RXA> rxas = new ArrayList<>();
    collect(Structures.of(vxu), rxas, new ArrayList<>());
    return rxas;
  }

  /**
   * Every populated RXA and OBX in message order. An RXA without its ORC does not fit HAPI's ORDER
   * group and lands elsewhere as a non-standard segment, so the whole structure is searched.
   */
  private static void collect(
      List<Structures.Placed> placed, List<RXA> rxas, List<OBX> observations) {
    for (Structures.Placed p : placed) {
      if (p.structure() instanceof RXA rxa && !isEmpty(rxa)) {
        rxas.add(rxa);
      } else if (p.structure() instanceof OBX obx && !isEmpty(obx)) {
        observations.add(obx);
      }
    }
  }

  /**
   * Checks the {@code k}-th RXA; {@code birth} is the patient's valid PID-7, or empty when there is
   * none to compare the administration date with.
   */
  private void checkRxa(RXA rxa, int k, String birth, Orders orders, Checks c) {
    String at = "RXA(" + k + ")-";
    ORC orc = orders.ofDose().get(rxa);
    if (orc == null) {
      c.warn("ORC_MISSING", 100, "RXA(" + k + ")", "No ORC segment before this RXA");
    }
    String administered = value(rxa.getDateTimeStartOfAdministration().getTime());
    c.date(administered, at + "3", "RXA3", "RXA-3 administration date/time", Severity.E);
    c.imprecise(
        administered,
        at + "3",
        "RXA3",
        "RXA-3 administration date",
        "the guide asks for the date to the day at least; the dose is stored, not counted in the"
            + " trends");
    vaccines.check(CodedElement.of(rxa.getAdministeredCode()), at + "5", c);
    String amount = value(rxa.getAdministeredAmount());
    if (amount.isEmpty()) {
      c.warn(
          "RXA6_MISSING", 101, at + "6", "RXA-6 administered amount is missing (999 if unknown)");
    } else if (Hl7Numbers.isZero(amount) && value(rxa.getCompletionStatus()).isEmpty()) {
      c.warn(
          "RXA6_ZERO",
          102,
          at + "6",
          "RXA-6 administered amount is 0 and RXA-20 completion status is not sent: read as not"
              + " administered (a v2.3.1-style contraindication or refusal record), not counted;"
              + " send RXA-20 CP with the amount given, or NA/RE with 999");
    } else if (!Hl7Numbers.isNumeric(amount)) {
      // "0.5 mL": the amount does not identify the dose, so it is read as unknown, as an empty one.
      c.warn(
          "RXA6_INVALID",
          102,
          at + "6",
          "RXA-6 administered amount is not a plain number (units go in RXA-7); it is read as"
              + " unknown");
    } else if (!amount.equals(UNKNOWN_AMOUNT)
        && value(rxa.getAdministeredUnits().getIdentifier()).isEmpty()) {
      // The guide requires units whenever an amount is known: 0.5 alone is not a dose.
      c.warn(
          "RXA7_MISSING",
          101,
          at + "7",
          "RXA-7 administered units are missing for an amount other than 999 in RXA-6");
    }
    String completion =
        c.capitals(
            value(rxa.getCompletionStatus()),
            HL7Tables.COMPLETION_STATUS,
            at + "20",
            "RXA20",
            "RXA-20 completion status");
    // The guide conditions RXA-9 on a dose that was given (RXA-20 CP or PA, or absent = CP): a
    // refusal or a "not administered" record (also CVX 998 without RXA-20, as some registries'
    // evidence-of-immunity records are sent) has no information source to state.
    Optional<DoseStatus.Inferred> inferred = DoseStatus.inferred(rxa);
    String vaccine = CodedElement.of(rxa.getAdministeredCode()).codeIn(CodedElement.CVX).orElse("");
    boolean noVaccine = vaccine.equals(NO_VACCINE_ADMINISTERED);
    // RXA6_ZERO says it for an amount of 0; CVX 998 says itself that no dose was given.
    if (inferred.isPresent() && !Hl7Numbers.isZero(amount) && !noVaccine) {
      c.warn(
          "RXA20_INFERRED",
          101,
          at + "20",
          "RXA-20 completion status is not sent, but "
              + inferred.get().because()
              + ": read as "
              + inferred.get().status()
              + (inferred.get().status().equals("RE") ? " (refused)" : " (not administered)")
              + ", not counted; send RXA-20 "
              + inferred.get().status());
    }
    String status =
        completion.isEmpty() ? inferred.map(DoseStatus.Inferred::status).orElse("CP") : completion;
    boolean given = status.equals("CP") || status.equals("PA");
    if (given && DoseStatus.givesRefusalReason(rxa)) {
      c.warn(
          "RXA18_STATUS_CONFLICT",
          102,
          at + "18",
          "RXA-18 gives a refusal reason but "
              + (completion.isEmpty()
                  ? "the record shows the dose given (a lot, a maker or RXA-9 00)"
                  : "RXA-20 says the dose was given (" + status + ")")
              + ": counted as given; a refusal is RXA-20 RE");
    }
    if (given && !noVaccine) {
      String source = informationSource(rxa);
      // "^Historical^NIP001": the code left out, the text clear.
      String read = source.isEmpty() ? sourceFromText(rxa) : source;
      checkSource(source, read, at + "9", c);
      // A delete only names the record it removes (ORC-3): its lot and maker change nothing.
      boolean delete = value(rxa.getActionCodeRXA()).equalsIgnoreCase("D");
      if ((read.isEmpty() || read.equals(NEW_RECORD))
          && !vaccine.equals(UNKNOWN_VACCINE)
          && !delete) {
        checkProduct(rxa, at, c);
      }
      // A dose given before the patient was born belongs to someone else (a newborn's birth dose
      // recorded on the mother) or carries a wrong date, either of which misleads forecasting.
      // Only when certainly before: a birth date of 2026 or 202601 may hold a dose in January.
      if (Hl7Dates.dateCertainlyBefore(administered, birth)) {
        c.error(
            "RXA3_BEFORE_BIRTH",
            102,
            at + "3",
            "RXA-3 administration date is before the patient's date of birth (PID-7): one of"
                + " them is wrong, or the dose is another person's");
      }
    }
    CE[] refusalReasons = rxa.getSubstanceTreatmentRefusalReason();
    if (completion.equals("RE")
        && (refusalReasons.length == 0 || value(refusalReasons[0].getIdentifier()).isEmpty())) {
      c.warn(
          "RXA18_MISSING",
          101,
          at + "18",
          "RXA-18 refusal reason (NIP002) is missing for a refused dose (RXA-20 RE)");
    }
    c.table(
        completion,
        HL7Tables.COMPLETION_STATUS,
        "0322",
        at + "20",
        "RXA20",
        "RXA-20 completion status",
        Severity.W,
        Severity.E);
    String action =
        c.capitals(
            value(rxa.getActionCodeRXA()),
            HL7Tables.ACTION_CODE,
            at + "21",
            "RXA21",
            "RXA-21 action code");
    c.table(
        action,
        HL7Tables.ACTION_CODE,
        "0206",
        at + "21",
        "RXA21",
        "RXA-21 action code",
        Severity.W,
        Severity.E);
    boolean changes = action.equals("D") || action.equals("U");
    if (changes
        && orc != null
        && value(orc.getFillerOrderNumber().getEntityIdentifier()).isEmpty()) {
      // The IZ guide's delete example: the receiver finds the record to delete by the ORC-3 it
      // stored when the dose was first sent. Without it, nothing says which dose is meant.
      c.warn(
          "ORC3_MISSING",
          101,
          "ORC(" + (indexOf(orders.all(), orc) + 1) + ")-3",
          "ORC-3 filler order number is missing for a "
              + (action.equals("D") ? "delete" : "update")
              + " (RXA-21 "
              + action
              + "): a delete or update names the record it changes by ORC-3, the id the dose was"
              + " first sent with, so this one cannot be matched to that dose");
    }
  }

  /** The position of {@code segment} itself (not an equal one) in {@code segments}, or -1. */
  private static int indexOf(List<? extends Segment> segments, Segment segment) {
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i) == segment) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The IZ guide's observations (VFC eligibility, funding source, VIS dates, evidence of immunity)
   * are coded in LOINC or CDCPHINVS; their values get the checks lab results get (OBX-5 against
   * OBX-2, dates). Their problems are warnings: they qualify a dose, they are not the dose, and
   * refusing the whole update for a mistyped VIS code or date would lose the immunization.
   */
  private static void checkObservation(OBX obx, int k, Checks c) {
    String at = "OBX(" + k + ")-3";
    CodedElement code = CodedElement.of(obx.getObservationIdentifier());
    if (code.hasNoCode()) {
      c.warn("OBX3_MISSING", 101, at, "OBX-3 observation identifier is missing");
      return;
    }
    Optional<String> loinc = code.codeIn(CodedElement.LOINC);
    if (loinc.isPresent() && !Loinc.isWellFormed(loinc.get())) {
      c.warn(
          "OBX3_LOINC_FORMAT",
          103,
          at,
          "OBX-3 observation identifier LOINC"
              + SafeText.quote(loinc.get())
              + Loinc.notWellFormed(loinc.get()));
    } else if (loinc.isPresent() && !Loinc.isValid(loinc.get())) {
      c.warn(
          "OBX3_LOINC_CHECK_DIGIT",
          103,
          at,
          "OBX-3 observation identifier LOINC"
              + SafeText.quote(loinc.get())
              + " has a wrong check digit");
    }
    ObservationRules.checkValueFormat(obx, k, c.asWarnings());
  }

  /**
   * RXA-15 and RXA-17 of a dose the sender gave (RXA-9 00, or not said): the guide requires the lot
   * and the manufacturer of such a dose (lot recalls and VFC inventory are kept by them), not of a
   * historical record, whose sender rarely knows them. Warnings, as IIS data-quality checks have
   * them: the dose itself is known without them.
   */
  private static void checkProduct(RXA rxa, String at, Checks c) {
    boolean lot = false;
    for (ST number : rxa.getSubstanceLotNumber()) {
      lot |= !value(number).isEmpty();
    }
    if (!lot) {
      c.warn(
          "RXA15_MISSING",
          101,
          at + "15",
          "RXA-15 substance lot number is missing; the guide requires it of an administered dose"
              + " (RXA-9 00, or RXA-9 not sent)");
    }
    String administered = value(rxa.getDateTimeStartOfAdministration().getTime());
    for (TS expiration : rxa.getSubstanceExpirationDate()) {
      if (Hl7Dates.dateCertainlyBefore(value(expiration.getTime()), administered)) {
        c.warn(
            "RXA16_EXPIRED",
            102,
            at + "16",
            "RXA-16 substance expiration date is before RXA-3, the day the dose was given: the lot"
                + " had expired (the dose may need repeating) or one of the dates is wrong");
        break;
      }
    }
    boolean manufacturer = false;
    boolean coded = false;
    for (CE mvx : rxa.getSubstanceManufacturerName()) {
      manufacturer |= !CodedElement.of(mvx).isEmpty();
      coded |=
          !value(mvx.getIdentifier()).isEmpty() || !value(mvx.getAlternateIdentifier()).isEmpty();
    }
    if (manufacturer && !coded) {
      c.warn(
          "RXA17_NOT_CODED",
          103,
          at + "17",
          "RXA-17 substance manufacturer is sent as text only: send its MVX code, by which lot"
              + " recalls and VFC inventory find the dose");
    }
    if (!manufacturer) {
      c.warn(
          "RXA17_MISSING",
          101,
          at + "17",
          "RXA-17 substance manufacturer (MVX) is missing; the guide requires it of an administered"
              + " dose (RXA-9 00, or RXA-9 not sent)");
    }
  }

  /** RXA-9 first repetition's code: the information source, CDC table NIP001. */
  private static String informationSource(RXA rxa) {
    CE[] notes = rxa.getAdministrationNotes();
    return notes.length == 0 ? "" : value(notes[0].getIdentifier());
  }

  /**
   * What RXA-9's text says when it has no code: {@code 01} for "Historical …", {@code 00} for "New
   * immunization record" / "Administered"; "" when it says neither or there is none.
   */
  private static String sourceFromText(RXA rxa) {
    CE[] notes = rxa.getAdministrationNotes();
    String text =
        notes.length == 0 ? "" : value(notes[0].getText()).toUpperCase(java.util.Locale.ROOT);
    if (text.contains("HISTORICAL")) {
      return "01";
    }
    return text.contains("NEW") || text.contains("ADMINISTERED") ? NEW_RECORD : "";
  }

  /**
   * RXA-9 first repetition: the information source, CDC table NIP001 (00 new, 01-08 historical);
   * {@code read} is what it is taken for (its code, else what its text says).
   */
  private static void checkSource(String source, String read, String location, Checks c) {
    if (source.isEmpty() && !read.isEmpty()) {
      c.warn(
          "RXA9_NOT_CODED",
          102,
          location,
          "RXA-9 information source has text but no code: read as "
              + read
              + (read.equals(NEW_RECORD) ? " (new record)" : " (historical)")
              + " from its text; send the NIP001 code in RXA-9.1");
    } else if (source.isEmpty()) {
      c.warn("RXA9_MISSING", 101, location, "RXA-9 information source (NIP001) is missing");
    } else if (!HL7Tables.INFORMATION_SOURCE.contains(source)) {
      c.warn("RXA9_INVALID", 103, location, "RXA-9 information source is not in CDC table NIP001");
    }
  }
}
