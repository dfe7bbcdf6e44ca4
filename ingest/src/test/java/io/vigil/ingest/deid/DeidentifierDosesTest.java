package io.vigil.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.canonical.CanonicalReport;
import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.canonical.Hl7v2ReportMapperTestAccess;
import io.vigil.ingest.canonical.Immunization;
import io.vigil.ingest.canonical.PatientReport;
import io.vigil.ingest.canonical.ReferenceInstant;
import io.vigil.ingest.canonical.ReportKind;
import io.vigil.ingest.hl7v2.TestMessages;
import io.vigil.ingest.validation.VaccineCrosswalk;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Immunization records as events: which doses count, in which vaccine groups, and what takes one
 * back.
 */
class DeidentifierDosesTest {
  final Deidentifier deid = DeidentifierTest.deidentifier();
  final UUID submission = DeidentifierTest.SUBMISSION;
  final Instant received = DeidentifierTest.RECEIVED;

  @Test
  void aDoseDatedToItsMonthIsCountedOnNoDay() throws Exception {
    String vxu =
        DeidentifierTest.resource("/hl7v2/vxu_v04/covid_vaccine.hl7")
            .replace("RXA|0|1|20261120|", "RXA|0|1|202611|");
    assertThat(deid.events(Hl7v2ReportMapperTestAccess.reportOf(vxu), 1, submission, received))
        .isEmpty();
  }

  @Test
  void administeredDosesOnlyWithTheirVaccineGroup() {
    Immunization given =
        new Immunization(
            new Coding(Coding.CVX, "309", ""),
            Optional.of(new ReferenceInstant(Instant.parse("2026-11-20T12:00:00Z"), "RXA-3")),
            Optional.of(2),
            "CP",
            "A");
    Immunization refused =
        new Immunization(
            new Coding(Coding.CVX, "03", ""), Optional.empty(), Optional.empty(), "RE", "A");
    // A contraindication or evidence of immunity, sent as a completed "dose" of CVX 998.
    Immunization noVaccine =
        new Immunization(
            new Coding(Coding.CVX, "998", ""), given.administered(), Optional.empty(), "CP", "A");
    CanonicalReport report = doses(given, refused, noVaccine);
    List<DeidentifiedEvent> events = deid.events(report, 1, submission, received);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).vaccineCode()).isEqualTo("309");
    assertThat(events.get(0).vaccineGroup()).isEqualTo("COVID-19");
    assertThat(events.get(0).doseNumber()).isEqualTo(2);
    assertThat(events.get(0).condition()).isNull();
  }

  /**
   * RXA-21 D (FHIR entered-in-error) names the record to take back by its key, with the dose's
   * person, group and day.
   */
  @Test
  void aDeletedDoseRecordBecomesTheRetractionOfItsDose() {
    Optional<ReferenceInstant> day =
        Optional.of(new ReferenceInstant(Instant.parse("2026-11-20T12:00:00Z"), "RXA-3"));
    Immunization given =
        new Immunization(new Coding(Coding.CVX, "309", ""), day, Optional.of(2), "CP", "A");
    Immunization deleted =
        new Immunization(new Coding(Coding.CVX, "309", ""), day, Optional.of(2), "CP", "D");
    Immunization undated =
        new Immunization(
            new Coding(Coding.CVX, "309", ""), Optional.empty(), Optional.empty(), "CP", "D");
    CanonicalReport report = doses(given, deleted, undated);
    List<DeidentifiedEvent> events = deid.events(report, 1, submission, received);
    assertThat(events)
        .extracting(DeidentifiedEvent::kind)
        .containsExactly(DeidentifiedEvent.IMMUNIZATION, DeidentifiedEvent.IMMUNIZATION_RETRACTION);
    DeidentifiedEvent dose = events.get(0);
    DeidentifiedEvent deletion = events.get(1);
    assertThat(deletion.personKey()).isEqualTo(dose.personKey());
    assertThat(deletion.vaccineGroup()).isEqualTo(dose.vaccineGroup());
    assertThat(deletion.eventDate()).isEqualTo(dose.eventDate());
    assertThat(deletion.resultKey()).isEqualTo(dose.resultKey());
    assertThat(deletion.doseNumber()).isNull();
  }

  /**
   * An update (RXA-21 U) to not administered ({@code NA}) or refused ({@code RE}, the ONC 2015
   * update of a given dose to a parental refusal) says the dose recorded as given was not: it takes
   * that record's dose back, as a deletion does. An update that stays given is the dose again.
   */
  @Test
  void anUpdateToNotGivenOrRefusedTakesTheDoseBack() {
    Optional<ReferenceInstant> day =
        Optional.of(new ReferenceInstant(Instant.parse("2026-11-20T12:00:00Z"), "RXA-3"));
    Coding covid = new Coding(Coding.CVX, "309", "");
    CanonicalReport report =
        doses(
            new Immunization(covid, day, Optional.empty(), "NA", "U"),
            new Immunization(covid, day, Optional.empty(), "RE", "U"),
            new Immunization(covid, day, Optional.empty(), "CP", "U"),
            new Immunization(covid, day, Optional.empty(), "NA", "A"),
            new Immunization(covid, day, Optional.empty(), "RE", "D"));
    assertThat(deid.events(report, 1, submission, received))
        .extracting(DeidentifiedEvent::kind)
        .containsExactly(
            DeidentifiedEvent.IMMUNIZATION_RETRACTION,
            DeidentifiedEvent.IMMUNIZATION_RETRACTION,
            DeidentifiedEvent.IMMUNIZATION);
  }

  /**
   * Each dose record has a key of its own (event field {@code resultKey}): a keyed hash of the
   * sender, the person and the sender's record id, the same in every group event of the record and
   * in its update and deletion, so that a deletion takes back its own record only. Two records of
   * one shot (another order number, another sender) have two keys.
   */
  @Test
  void aDoseRecordIsNamedByTheSendersRecordId() {
    Immunization first = record("110", "2026-11-20", "A", "filler|31309^WCEHR^");
    Immunization other = record("110", "2026-11-20", "A", "filler|31310^WCEHR^");
    Immunization deleted = record("110", "2026-11-20", "D", "filler|31309^WCEHR^");
    Immunization moved = record("110", "2026-11-19", "U", "filler|31309^WCEHR^");
    List<DeidentifiedEvent> events =
        deid.events(doses(first, other, deleted, moved), 1, submission, received);
    assertThat(events)
        .hasSize(12)
        .allSatisfy(e -> assertThat(e.resultKey()).matches("[0-9a-f]{64}"));
    String key = events.get(0).resultKey();
    assertThat(events.subList(0, 3)).allSatisfy(e -> assertThat(e.resultKey()).isEqualTo(key));
    assertThat(events.subList(3, 6)).allSatisfy(e -> assertThat(e.resultKey()).isNotEqualTo(key));
    assertThat(events.subList(6, 12)).allSatisfy(e -> assertThat(e.resultKey()).isEqualTo(key));
    assertThat(events.get(6).kind()).isEqualTo(DeidentifiedEvent.IMMUNIZATION_RETRACTION);
    assertThat(events.get(9).eventDate()).isEqualTo(LocalDate.of(2026, 11, 19));
    // Only the update says so: an add never replaces a record's version (numbers are reused).
    assertThat(events.subList(0, 9)).allSatisfy(e -> assertThat(e.resultStatus()).isNull());
    assertThat(events.subList(9, 12))
        .allSatisfy(e -> assertThat(e.resultStatus()).isEqualTo(DeidentifiedEvent.DOSE_UPDATE));
    // Another sender's record with the same number is another record.
    assertThat(deid.events(doses(first), 2, submission, received).get(0).resultKey())
        .isNotEqualTo(key);
    // The key carries nothing readable of the record id.
    assertThat(key).doesNotContain("31309");
  }

  /**
   * Without a record id (no ORC-3 or ORC-2, the guide's 9999 placeholder, a number every record of
   * the message shares) a record is its vaccine and day: an NDC-only dose and its deletion sent
   * with the CVX (or the other way round) name one record.
   */
  @Test
  void withoutARecordIdARecordIsItsVaccineAndDay() {
    Immunization byCvx = record("149", "2026-11-20", "A", "");
    Immunization byNdc =
        new Immunization(
            new Coding("urn:vigil:local:NDC", "66019-0302-10", ""),
            byCvx.administered(),
            Optional.empty(),
            "CP",
            "D",
            "");
    Immunization otherDay = record("149", "2026-11-21", "A", "");
    Immunization sharedA = record("03", "2026-11-20", "A", "filler|1^X^");
    Immunization sharedB = record("21", "2026-11-21", "A", "filler|1^X^");
    Immunization sameVaccineDayNoId = record("03", "2026-11-20", "A", "");
    List<DeidentifiedEvent> events =
        deid.events(
            doses(byCvx, byNdc, otherDay, sharedA, sharedB, sameVaccineDayNoId),
            1,
            submission,
            received);
    assertThat(events)
        .extracting(DeidentifiedEvent::vaccineGroup)
        .containsExactly("FLU", "FLU", "FLU", "MMR", "VARICELLA", "MMR");
    assertThat(events.get(1).resultKey()).isEqualTo(events.get(0).resultKey());
    assertThat(events.get(2).resultKey()).isNotEqualTo(events.get(0).resultKey());
    // A number two different records share identifies neither: each is its vaccine and day.
    assertThat(events.get(3).resultKey()).isEqualTo(events.get(5).resultKey());
    assertThat(events.get(4).resultKey()).isNotEqualTo(events.get(3).resultKey());
  }

  /** The record id as the HL7 v2 mapper reads it: ORC-3, else ORC-2; 9999 is none. */
  @Test
  void theHl7RecordIdIsTheOrderNumber() {
    String vxu = TestMessages.vxu();
    assertThat(recordId(vxu)).isEqualTo("filler|IZ-1001^MYEHR^");
    String placer =
        TestMessages.set(TestMessages.set(vxu, "ORC", 1, 3, ""), "ORC", 1, 2, "P-7^EHR");
    assertThat(recordId(placer)).isEqualTo("placer|P-7^EHR^");
    assertThat(recordId(TestMessages.set(vxu, "ORC", 1, 3, "9999^MyEHR"))).isEmpty();
  }

  private static String recordId(String vxu) {
    return Hl7v2ReportMapperTestAccess.reportOf(vxu)
        .patients()
        .get(0)
        .immunizations()
        .get(0)
        .recordId();
  }

  private static Immunization record(String cvx, String day, String action, String recordId) {
    return new Immunization(
        new Coding(Coding.CVX, cvx, ""),
        Optional.of(new ReferenceInstant(Instant.parse(day + "T12:00:00Z"), "RXA-3")),
        Optional.empty(),
        "CP",
        action,
        recordId);
  }

  /**
   * A combination vaccine is a dose in each of its vaccine groups, as an IIS counts it: Pediarix
   * (CVX 110, DTaP-HepB-IPV) is one event each for DTaP, HepB and polio, with the CVX on each.
   */
  @Test
  void aCombinationVaccineIsOneEventPerVaccineGroup() {
    Immunization pediarix = dose("110", "A");
    List<DeidentifiedEvent> events = deid.events(doses(pediarix), 1, submission, received);
    assertThat(events)
        .extracting(DeidentifiedEvent::vaccineGroup)
        .containsExactly("DTAP", "HEPB", "POLIO");
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo(DeidentifiedEvent.IMMUNIZATION);
              assertThat(e.vaccineCode()).isEqualTo("110");
              assertThat(e.doseNumber()).isEqualTo(1);
              assertThat(e.eventDate()).isEqualTo(LocalDate.of(2026, 11, 20));
              assertThat(e.personKey()).isEqualTo(events.get(0).personKey());
            });
    assertThat(events)
        .extracting(DeidentifiedEvent::eventId)
        .doesNotHaveDuplicates()
        .containsExactly(
            Deidentifier.eventId(submission, 0),
            Deidentifier.eventId(submission, 1),
            Deidentifier.eventId(submission, 2));
  }

  /** An immune globulin (VZIG) is no vaccine dose: no event, and the next dose takes ordinal 0. */
  @Test
  void anImmuneGlobulinIsNoDose() {
    List<DeidentifiedEvent> events =
        deid.events(
            doses(dose("36", "A"), dose("86", "A"), dose("309", "A")), 1, submission, received);
    assertThat(events).extracting(DeidentifiedEvent::vaccineCode).containsExactly("309");
    assertThat(events.get(0).eventId()).isEqualTo(Deidentifier.eventId(submission, 0));
  }

  /** A deleted Pediarix record takes back its dose in each of the three groups. */
  @Test
  void aDeletedCombinationRecordRetractsEachOfItsGroups() {
    List<DeidentifiedEvent> events =
        deid.events(doses(dose("110", "A"), dose("110", "D")), 1, submission, received);
    assertThat(events)
        .extracting(e -> e.kind() + "/" + e.vaccineGroup())
        .containsExactly(
            "immunization/DTAP",
            "immunization/HEPB",
            "immunization/POLIO",
            "immunization_retraction/DTAP",
            "immunization_retraction/HEPB",
            "immunization_retraction/POLIO");
    assertThat(events).extracting(DeidentifiedEvent::eventId).doesNotHaveDuplicates();
    assertThat(events.subList(3, 6))
        .allSatisfy(
            e -> {
              assertThat(e.vaccineCode()).isEqualTo("110");
              assertThat(e.doseNumber()).isNull();
              assertThat(e.eventDate()).isEqualTo(events.get(0).eventDate());
            });
  }

  private static Immunization dose(String cvx, String action) {
    return new Immunization(
        new Coding(Coding.CVX, cvx, ""),
        Optional.of(new ReferenceInstant(Instant.parse("2026-11-20T12:00:00Z"), "RXA-3")),
        Optional.of(1),
        "CP",
        action);
  }

  private CanonicalReport doses(Immunization... doses) {
    return new CanonicalReport(
        ReportKind.IMMUNIZATION,
        "F",
        Optional.empty(),
        List.of(new PatientReport(DeidentifierTest.patient(), List.of(), List.of(doses))),
        CanonicalReport.PRODUCTION);
  }

  private static Immunization dose(Coding vaccine, String action) {
    return new Immunization(
        vaccine,
        Optional.of(new ReferenceInstant(Instant.parse("2026-11-20T12:00:00Z"), "RXA-3")),
        Optional.of(1),
        "CP",
        action);
  }

  /**
   * A pharmacy's FluMist sent with its NDC only (MCIR/AIRA's example 66019-0302-10) is a flu dose:
   * CDC's NDC crosswalk makes it CVX 149, counted under FLU as that CVX sent directly is.
   */
  @Test
  void anNdcOnlyFluDoseCountsAsItsCvx() {
    for (String system : List.of("urn:vigil:local:NDC", VaccineCrosswalk.NDC_SYSTEM)) {
      List<DeidentifiedEvent> events =
          deid.events(
              doses(dose(new Coding(system, "66019-0302-10", "FluMist"), "A")),
              1,
              submission,
              received);
      assertThat(events)
          .extracting(
              DeidentifiedEvent::kind, DeidentifiedEvent::vaccineGroup, e -> e.vaccineCode())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(DeidentifiedEvent.IMMUNIZATION, "FLU", "149"));
    }
  }

  /** A deleted NDC-only dose takes back the same group and day as the dose sent with its CVX. */
  @Test
  void aDeletedNdcOnlyDoseRetractsTheDoseSentWithItsCvx() {
    List<DeidentifiedEvent> events =
        deid.events(
            doses(
                dose("149", "A"), dose(new Coding("urn:vigil:local:NDC", "66019030210", ""), "D")),
            1,
            submission,
            received);
    assertThat(events)
        .extracting(e -> e.kind() + "/" + e.vaccineGroup() + "/" + e.vaccineCode())
        .containsExactly("immunization/FLU/149", "immunization_retraction/FLU/149");
    assertThat(events.get(1).eventDate()).isEqualTo(events.get(0).eventDate());
    assertThat(events.get(1).personKey()).isEqualTo(events.get(0).personKey());
  }

  /** A v2.3.1 habit: the CPT code alone. 90633 is Hep A ped/adol (CVX 83). */
  @Test
  void aCptOnlyDoseCountsAsItsCvx() {
    List<DeidentifiedEvent> events =
        deid.events(
            doses(dose(new Coding("urn:vigil:local:CPT", "90633", ""), "A")),
            1,
            submission,
            received);
    assertThat(events)
        .extracting(e -> e.vaccineGroup() + "/" + e.vaccineCode())
        .containsExactly("HEPA/83");
  }

  /**
   * An NDC or CPT code CDC maps to two CVX of one group (Engerix-B: Hep B adult 43 or dialysis 44)
   * counts in that group, with no CVX; one the crosswalk lacks stays OTHER, with no CVX.
   */
  @Test
  void anAmbiguousCodeCountsInItsGroupAndAnUnmappedOneAsOther() {
    List<DeidentifiedEvent> events =
        deid.events(
            doses(
                dose(new Coding("urn:vigil:local:NDC", "58160-0821-11", ""), "A"),
                dose(new Coding("urn:vigil:local:NDC", "12345-6789-01", ""), "A"),
                dose(new Coding("urn:vigil:local:L", "FLU", "Flu shot"), "A")),
            1,
            submission,
            received);
    assertThat(events)
        .extracting(e -> e.vaccineGroup() + "/" + e.vaccineCode())
        .containsExactly("HEPB/null", "OTHER/null", "OTHER/null");
  }

  /** An NDC-only VXU, mapped as the hub maps it, counts as its CVX. */
  @Test
  void anNdcOnlyVxuCountsAsItsCvx() throws Exception {
    String vxu =
        TestMessages.set(
            TestMessages.vxu(),
            "RXA",
            1,
            5,
            "FLUMIST^FluMist Quadrivalent^L^66019-0302-10^FluMist Quadrivalent^NDC");
    assertThat(deid.events(Hl7v2ReportMapperTestAccess.reportOf(vxu), 1, submission, received))
        .extracting(e -> e.vaccineGroup() + "/" + e.vaccineCode())
        .containsExactly("FLU/149");
  }

  /** "3", "03" and " 003" are one vaccine (MMR) and one trend cell; an unknown code is kept. */
  @Test
  void aVaccineCodeIsCountedAsTheCvxTableWritesIt() {
    List<String> codes = new java.util.ArrayList<>();
    for (String sent : List.of("3", "03", " 003", "9999")) {
      Immunization dose =
          new Immunization(
              new Coding(Coding.CVX, sent, ""),
              Optional.of(new ReferenceInstant(Instant.parse("2026-11-20T12:00:00Z"), "RXA-3")),
              Optional.empty(),
              "CP",
              "A");
      CanonicalReport report = doses(dose);
      codes.add(deid.events(report, 1, submission, received).get(0).vaccineCode());
    }
    assertThat(codes).containsExactly("03", "03", "03", "9999");
  }
}
