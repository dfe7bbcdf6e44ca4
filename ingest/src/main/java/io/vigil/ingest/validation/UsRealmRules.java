package io.vigil.ingest.validation;

import static io.vigil.ingest.validation.CodedElement.value;

import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.EI;
import ca.uhn.hl7v2.model.v251.datatype.HD;
import ca.uhn.hl7v2.model.v251.datatype.XAD;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.PID;
import io.vigil.ingest.canonical.Address;
import io.vigil.ingest.canonical.Hl7v2ReportMapper;
import io.vigil.ingest.deid.Jurisdiction;
import java.util.Optional;

/**
 * Header and patient rules shared by the ELR and immunization guides (HL7 v2.5.1 US Realm common
 * rules). MSH-9, MSH-11 and MSH-12 are not checked here: the examiner has already rejected messages
 * whose type, processing id or version it does not support.
 */
final class UsRealmRules {

  /** A date/time whose offset has one to three digits instead of four ({@code ...0000-500}). */
  private static final java.util.regex.Pattern SHORT_OFFSET =
      java.util.regex.Pattern.compile("(\\d{8,14}(?:\\.\\d{1,4})?)[+-]\\d{1,3}");

  private UsRealmRules() {}

  /**
   * MSH rules. MSH-3 and MSH-4 are required by the ELR guide (R) but only "required if known" (RE)
   * by the immunization guide, so their absence is an error or a warning as {@code
   * senderFieldsRequired} says. An immunization message without MSH-4 is only a warning here: the
   * intake takes its sender from the connection's credentials, and refuses it when the connection
   * names no sender (MSH-4 is what the hub registers senders and deduplicates by).
   */
  static void checkMsh(MSH msh, Checks c, boolean senderFieldsRequired) {
    if (isEmpty(msh.getSendingApplication())) {
      String text = "MSH-3 sending application is missing";
      if (senderFieldsRequired) {
        c.error("MSH3_MISSING", 101, "MSH-3", text);
      } else {
        c.warn("MSH3_MISSING", 101, "MSH-3", text);
      }
    }
    if (isEmpty(msh.getSendingFacility())) {
      if (senderFieldsRequired) {
        c.error("MSH4_MISSING", 101, "MSH-4", "MSH-4 sending facility is missing");
      } else {
        c.warn(
            "MSH4_MISSING",
            101,
            "MSH-4",
            "MSH-4 sending facility is missing; the sender is taken from the connection's"
                + " credentials (an HTTP token or MLLP client certificate bound to a sender)");
      }
    }
    String created = value(msh.getDateTimeOfMessage().getTime());
    java.util.regex.Matcher shortOffset = SHORT_OFFSET.matcher(created.strip());
    if (shortOffset.matches()
        && Hl7Dates.check(shortOffset.group(1), c.now()) == Hl7Dates.Status.VALID) {
      // The CDC IZ guide's own example writes "-500": the header's time is read without its
      // offset, rather than every dose of the message refused for it.
      c.warn(
          "MSH7_OFFSET_INVALID",
          102,
          "MSH-7",
          "MSH-7 message date/time has an offset that is not +/-HHMM (-0500, not -500): the time"
              + " is read without it");
    } else {
      c.date(created, "MSH-7", "MSH7", "MSH-7 message date/time", Severity.E);
    }
    if (value(msh.getMessageControlID()).isEmpty()) {
      c.error("MSH10_MISSING", 101, "MSH-10", "MSH-10 message control id is missing");
    }
    boolean profile = false;
    for (EI ei : msh.getMessageProfileIdentifier()) {
      profile |= !value(ei.getEntityIdentifier()).isEmpty();
    }
    if (!profile) {
      c.warn("MSH21_MISSING", 101, "MSH-21", "MSH-21 message profile identifier is missing");
    }
  }

  /**
   * PID rules. PID-3 and PID-5 are required; a missing birth date is an error only where the guide
   * makes it required ({@code birthDateRequired}); sex is checked against table 0001 and is never
   * an error. Messages never quote PID values.
   */
  static void checkPid(PID pid, Checks c, boolean birthDateRequired) {
    checkPid(pid, 1, c, birthDateRequired);
  }

  /**
   * The PID rules for the {@code n}-th patient of a message: located {@code PID-3} for the first,
   * {@code PID(2)-3} for the second (ELR allows several PATIENT_RESULT groups), so the
   * acknowledgement's ERR-2 points at the right one.
   */
  static void checkPid(PID pid, int n, Checks c, boolean birthDateRequired) {
    String at = n == 1 ? "PID-" : "PID(" + n + ")-";
    boolean anyId = false;
    boolean typeMissing = false;
    for (CX cx : pid.getPatientIdentifierList()) {
      if (!value(cx.getIDNumber()).isEmpty()) {
        anyId = true;
        typeMissing |= value(cx.getIdentifierTypeCode()).isEmpty();
      }
    }
    if (!anyId) {
      c.error("PID3_MISSING", 101, at + "3", "PID-3 patient identifier list is missing");
    } else if (typeMissing) {
      c.warn("PID3_TYPE_MISSING", 101, at + "3", "PID-3 identifier without CX-5 identifier type");
    }
    boolean anyName = false;
    for (XPN xpn : pid.getPatientName()) {
      anyName |=
          !value(xpn.getFamilyName().getSurname()).isEmpty()
              || !value(xpn.getGivenName()).isEmpty()
              || !value(xpn.getNameTypeCode()).isEmpty();
    }
    if (!anyName) {
      c.error(
          "PID5_MISSING",
          101,
          at + "5",
          "PID-5 patient name is missing; when the name is withheld (an anonymous self-test),"
              + " send the pseudonym form ^^^^^^S, as the ELR guide has it");
    }
    String birth = value(pid.getDateTimeOfBirth().getTime());
    if (PlaceholderBirthDates.is(birth)) {
      c.warn(
          "PID7_PLACEHOLDER",
          102,
          at + "7",
          "PID-7 date of birth is a placeholder for an unknown one (such as 19000101): the"
              + " birth date is read as unknown (the age band comes from a stated age if one is"
              + " sent, else is unknown); leave PID-7 empty when it is not known");
    } else {
      // ELR asks for it only if known (RE): a value that is no date, such as a lab system's 0000
      // for "unknown", or one in the future, tells no more than an empty field, so it is a warning
      // like the empty field, and the age is unknown (the mapper gives it no age band).
      Severity severity = birthDateRequired ? Severity.E : Severity.W;
      c.date(birth, at + "7", "PID7", "PID-7 date of birth", severity, severity);
    }
    c.table(
        value(pid.getAdministrativeSex()),
        HL7Tables.SEX,
        "0001",
        at + "8",
        "PID8",
        "PID-8 administrative sex",
        Severity.W,
        Severity.W);
    Species.Reading species = Species.read(CodedElement.of(pid.getSpeciesCode()));
    if (species == Species.Reading.UNREAD) {
      c.add(
          Severity.W,
          "PID35_NOT_READ",
          0,
          at + "35",
          "PID-35 species names no species (neither a SNOMED CT code nor an animal): the patient is"
              + " counted as a person; leave PID-35 empty for a human patient");
    }
    if (species == Species.Reading.ANIMAL) {
      c.add(
          Severity.I,
          "PID35_NOT_HUMAN",
          0,
          at + "35",
          "PID-35 names a species that is not human: the report is stored, but its results are not"
              + " counted in the trends, which count persons");
    }
    boolean anyAddress = false;
    for (XAD xad : pid.getPatientAddress()) {
      anyAddress |=
          !value(xad.getStreetAddress().getStreetOrMailingAddress()).isEmpty()
              || !value(xad.getCity()).isEmpty()
              || !value(xad.getStateOrProvince()).isEmpty()
              || !value(xad.getZipOrPostalCode()).isEmpty()
              || !value(xad.getCountyParishCode()).isEmpty();
    }
    if (!anyAddress) {
      // RE in both guides; it is what places a report in a state and county.
      boolean countryOnly =
          pid.getPatientAddress().length > 0
              && java.util.Arrays.stream(pid.getPatientAddress())
                  .anyMatch(xad -> !value(xad.getCountry()).isEmpty());
      c.warn(
          "PID11_MISSING",
          101,
          at + "11",
          (countryOnly
                  ? "PID-11 patient address has no street, city, state, ZIP code or county (only a"
                      + " country)"
                  : "PID-11 patient address is missing")
              + ": the report cannot be counted in the patient's state or county");
    }
    // The address the trends place the patient by (the residence among PID-11's repetitions).
    Optional<Address> residence = Hl7v2ReportMapper.residence(pid.getPatientAddress());
    Optional<String> unread = residence.flatMap(Jurisdiction::unreadState);
    if (unread.isPresent()) {
      boolean zip = Jurisdiction.of(residence).zip3() != null;
      c.warn(
          "PID11_STATE_NOT_READ",
          103,
          at + "11.4",
          "PID-11.4 state"
              + SafeText.quote(unread.get())
              + (Jurisdiction.abroad(residence.get())
                  ? " is a Canadian province or a Mexican state, and PID-11.6 names no country:"
                      + " the address is read as abroad, counted in no state or ZIP3; send its"
                      + " country in PID-11.6"
                  : " is no US state or territory (USPS abbreviation, name or FIPS code): the"
                      + " report is counted in no state"
                      + (zip ? " (its ZIP3 is kept)" : "")));
    }
  }

  private static boolean isEmpty(HD hd) {
    return value(hd.getNamespaceID()).isEmpty() && value(hd.getUniversalID()).isEmpty();
  }
}
