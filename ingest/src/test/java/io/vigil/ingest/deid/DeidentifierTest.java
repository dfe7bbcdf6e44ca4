package io.vigil.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.events.EventCodec;
import io.vigil.ingest.canonical.Address;
import io.vigil.ingest.canonical.BirthDate;
import io.vigil.ingest.canonical.CanonicalReport;
import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.canonical.Hl7v2ReportMapperTestAccess;
import io.vigil.ingest.canonical.LabResult;
import io.vigil.ingest.canonical.Patient;
import io.vigil.ingest.canonical.PatientIdentifier;
import io.vigil.ingest.canonical.PatientReport;
import io.vigil.ingest.canonical.ReferenceInstant;
import io.vigil.ingest.canonical.ReportKind;
import io.vigil.ingest.hl7v2.TestMessages;
import io.vigil.ingest.validation.CvxTable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeidentifierTest {
  static final byte[] SECRET = new byte[32];

  static {
    Arrays.fill(SECRET, (byte) 7);
  }

  static final UUID SUBMISSION = UUID.fromString("01890000-0000-7000-8000-000000000001");
  static final Instant RECEIVED = Instant.parse("2026-11-21T15:00:00Z");

  /** The policy under test: a fixed secret, events dated in Chicago. */
  static Deidentifier deidentifier() {
    return new Deidentifier(
        new PersonKey(SECRET),
        ReportableConditions.bundled(),
        CvxTable.bundled(),
        ZoneId.of("America/Chicago"),
        java.util.Set.of(CanonicalReport.PRODUCTION));
  }

  final Deidentifier deid = deidentifier();
  final UUID submission = SUBMISSION;
  final Instant received = RECEIVED;

  @Test
  void labResultBecomesOneEventWithOnlyCoarsenedFields() throws Exception {
    CanonicalReport report =
        Hl7v2ReportMapperTestAccess.report("/hl7v2/oru_r01/covid_pcr_positive.hl7");
    List<DeidentifiedEvent> events = deid.events(report, 42, submission, received);
    assertThat(events).hasSize(1);
    DeidentifiedEvent e = events.get(0);
    assertThat(e.kind()).isEqualTo(DeidentifiedEvent.LAB_RESULT);
    assertThat(e.policy()).isEqualTo("deid-v1");
    assertThat(e.senderId()).isEqualTo("42");
    assertThat(e.condition()).isEqualTo("COVID-19");
    assertThat(e.testCode()).isEqualTo("94500-6");
    assertThat(e.interpretation()).isEqualTo("positive");
    // Collected 2026-11-19T09:15-05:00 is 08:15 in Chicago on the 19th.
    assertThat(e.eventDate()).isEqualTo(LocalDate.of(2026, 11, 19));
    assertThat(e.receivedDate()).isEqualTo(LocalDate.of(2026, 11, 21));
    assertThat(e.stateFips()).isEqualTo("17");
    assertThat(e.countyFips()).isEqualTo("17167");
    assertThat(e.zip3()).isEqualTo("627");
    assertThat(e.ageBand()).isEqualTo("18-49");
    assertThat(e.sex()).isEqualTo("F");
    assertThat(e.personKey()).matches("[0-9a-f]{64}");
    // 2026-11-19T14:15Z → 2026-11-21T15:00Z
    assertThat(e.collectedToReceivedMinutes()).isEqualTo(2 * 24 * 60 + 45);
    assertThat(e.collectedSource()).isEqualTo("SPM-17");
    assertThat(e.resultedSource()).isEqualTo("OBR-22");
    assertThat(e.resultBeforeCollection()).isFalse();
    String json = EventCodec.encodeToString(e);
    for (String phi :
        List.of("Testpatient", "Alice", "MRN12345", "1985", "Main St", "62701", "5550100")) {
      assertThat(json).doesNotContain(phi);
    }
  }

  @Test
  void eventIdsAreDeterministicPerSubmission() throws Exception {
    CanonicalReport report =
        Hl7v2ReportMapperTestAccess.report("/hl7v2/oru_r01/covid_pcr_positive.hl7");
    assertThat(deid.events(report, 1, submission, received))
        .isEqualTo(deid.events(report, 1, submission, received));
    assertThat(deid.events(report, 1, UUID.randomUUID(), received).get(0).eventId())
        .isNotEqualTo(deid.events(report, 1, submission, received).get(0).eventId());
  }

  @Test
  void aDateSentWithoutAnOffsetIsTheDayTheSenderWrote() throws Exception {
    // Read at +14:00 (its earliest instant, for lags), RXA-3 20261120 is 10:00Z on the 19th: the
    // dose was counted a day early in every zone west of +14, and in an earlier MMWR week on
    // Sundays.
    String vxu = resource("/hl7v2/vxu_v04/covid_vaccine.hl7");
    assertThat(vxu).contains("RXA|0|1|20261120|");
    DeidentifiedEvent dose =
        deid.events(Hl7v2ReportMapperTestAccess.reportOf(vxu), 1, submission, received).get(0);
    assertThat(dose.eventDate()).isEqualTo(LocalDate.of(2026, 11, 20));

    // A collection time in the sender's local time (no offset), late in the evening.
    assertThat(collectedOn("20261119231500")).isEqualTo(LocalDate.of(2026, 11, 19));
    // With the sender's offset, the day is the one written there: 23:15 Mountain time is the 19th
    // where the specimen was taken (the 20th in Chicago, the hub's zone here); a local midnight
    // with its offset stays its day west of the sender.
    assertThat(collectedOn("20261119231500-0700")).isEqualTo(LocalDate.of(2026, 11, 19));
    assertThat(collectedOn("20261119000000-0500")).isEqualTo(LocalDate.of(2026, 11, 19));
    // In UTC, as systems write instants, the day is the hub's zone's: 03:30Z is the 19th in
    // Chicago.
    assertThat(collectedOn("20261120033000+0000")).isEqualTo(LocalDate.of(2026, 11, 19));
  }

  /**
   * The event day of the golden ELR with its collection (and result) time sent as {@code value}.
   */
  private LocalDate collectedOn(String value) throws Exception {
    String elr = resource("/hl7v2/oru_r01/covid_pcr_positive.hl7");
    String changed = elr.replace("|20261119091500-0500|20261119130000-0500", "|" + value + "|");
    assertThat(changed).isNotEqualTo(elr);
    return deid.events(Hl7v2ReportMapperTestAccess.reportOf(changed), 1, submission, received)
        .get(0)
        .eventDate();
  }

  static String resource(String name) throws Exception {
    try (var in = DeidentifierTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void nonReportableCancelledPendingAndUnaskedResultsProduceNothing() {
    LabResult glucose = result(new Coding(Coding.LOINC, "2345-7", "Glucose"), "F");
    LabResult cancelled = result(new Coding(Coding.LOINC, "94500-6", ""), "X");
    // Specimen in lab, results pending; not asked; order detail only (HL7 0085 I, N, O).
    LabResult pending = result(new Coding(Coding.LOINC, "94500-6", ""), "I");
    LabResult notAsked = result(new Coding(Coding.LOINC, "94500-6", ""), "N");
    LabResult orderDetail = result(new Coding(Coding.LOINC, "94500-6", ""), "O");
    assertThat(
            deid.events(
                lab(patient(), glucose, cancelled, pending, notAsked, orderDetail),
                1,
                submission,
                received))
        .isEmpty();
  }

  /**
   * A final result that says no test was done (SNOMED CT test not done, specimen unsatisfactory;
   * "Test not performed", "QNS", "Pending") is no test, as OBX-11 X is: counted as indeterminate,
   * it lowered the percent positive. An inconclusive result is a test.
   */
  @Test
  void aResultSayingNoTestWasDoneProducesNothing() {
    Coding pcr = new Coding(Coding.LOINC, "94500-6", "");
    List<LabResult> none =
        List.of(
            coded(pcr, new Coding(Coding.SNOMED, "373121007", "Test not done")),
            coded(pcr, new Coding(Coding.SNOMED, "125154007", "Specimen unsatisfactory")),
            withText(pcr, "Test not performed"),
            withText(pcr, "QNS - recollect"),
            withText(pcr, "Specimen rejected: hemolyzed"),
            withText(pcr, "Pending"));
    for (LabResult r : none) {
      assertThat(deid.events(lab(patient(), r), 1, submission, received)).as("%s", r).isEmpty();
    }
    assertThat(
            deid.events(
                lab(patient(), coded(pcr, new Coding(Coding.SNOMED, "419984006", "Inconclusive"))),
                1,
                submission,
                received))
        .extracting(DeidentifiedEvent::interpretation)
        .containsExactly("indeterminate");
  }

  private static LabResult coded(Coding test, Coding value) {
    return new LabResult(
        test,
        Optional.of(value),
        "",
        "",
        "F",
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static LabResult withText(Coding test, String value) {
    return new LabResult(
        test,
        Optional.empty(),
        value,
        "",
        "F",
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void everyVersionOfAResultCarriesOneKeyAndItsStatusAndAWithdrawalNamesIt() throws Exception {
    Coding pcr = new Coding(Coding.LOINC, "94500-6", "");
    String order = "filler|ACC-1^LAB^";
    LabResult preliminary = versioned(pcr, "P", order);
    LabResult corrected = versioned(pcr, "C", order);
    LabResult withdrawn = versioned(pcr, "W", order);
    DeidentifiedEvent p = deid.events(lab(patient(), preliminary), 9, submission, received).get(0);
    DeidentifiedEvent c = deid.events(lab(patient(), corrected), 9, submission, received).get(0);
    DeidentifiedEvent w = deid.events(lab(patient(), withdrawn), 9, submission, received).get(0);
    assertThat(p.kind()).isEqualTo(DeidentifiedEvent.LAB_RESULT);
    assertThat(p.resultStatus()).isEqualTo("preliminary");
    assertThat(c.resultStatus()).isEqualTo("corrected");
    assertThat(p.resultKey()).matches("[0-9a-f]{64}").isEqualTo(c.resultKey());
    assertThat(w.kind()).isEqualTo(DeidentifiedEvent.LAB_RESULT_RETRACTION);
    assertThat(w.resultKey()).isEqualTo(p.resultKey());
    assertThat(w.interpretation()).isNull();
    assertThat(w.resultStatus()).isNull();
    // Another sender's identical accession number is another result; so is another test.
    assertThat(deid.events(lab(patient(), corrected), 10, submission, received).get(0).resultKey())
        .isNotEqualTo(c.resultKey());
    LabResult otherTest = versioned(new Coding(Coding.LOINC, "94309-2", ""), "F", order);
    assertThat(deid.events(lab(patient(), otherTest), 9, submission, received).get(0).resultKey())
        .isNotEqualTo(c.resultKey());
    // A sender reusing an order number for another patient does not merge their results.
    Patient other =
        new Patient(
            List.of(new PatientIdentifier("MRN2", "LAB", "MR")),
            "Other",
            "Olga",
            Optional.of(BirthDate.day(LocalDate.of(1970, 1, 2))),
            "F",
            Optional.empty());
    assertThat(deid.events(lab(other, corrected), 9, submission, received).get(0).resultKey())
        .isNotEqualTo(c.resultKey());
    // Nothing of the accession number leaves.
    assertThat(EventCodec.encodeToString(w)).doesNotContain("ACC-1");
  }

  @Test
  void resultsWithoutAnOrderNumberAreCountedAloneAndCannotBeWithdrawn() {
    Coding pcr = new Coding(Coding.LOINC, "94500-6", "");
    DeidentifiedEvent f =
        deid.events(lab(patient(), result(pcr, "F")), 9, submission, received).get(0);
    assertThat(f.resultKey()).isNull();
    assertThat(f.resultStatus()).isEqualTo("final");
    assertThat(deid.events(lab(patient(), result(pcr, "D")), 9, submission, received)).isEmpty();
  }

  /**
   * A LOINC without "LN" is still the reportable test it names, and a bare "Positive" in CWE-1 (no
   * system, no text) is read as the text it is: both were counted as nothing before.
   */
  @Test
  void readsALoincWithoutItsSystemAndACodeWithoutTextAsTheLabMeantThem() {
    String message =
        TestMessages.oru()
            .replaceFirst("OBX\\|1\\|CWE\\|94500-6\\^[^|]*\\|", "OBX|1|CWE|94500-6|")
            .replace("|260373001^Detected^SCT|", "|Positive|");
    assertThat(message).contains("|94500-6|").contains("|Positive|");
    List<DeidentifiedEvent> events =
        deid.events(Hl7v2ReportMapperTestAccess.reportOf(message), 1, submission, received);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.condition()).isEqualTo("COVID-19");
              assertThat(e.testCode()).isEqualTo("94500-6");
              assertThat(e.interpretation()).isEqualTo("positive");
            });
  }

  /**
   * A LOINC run into its text (new6 e01e), with LN or without (regress7 f02), counted nothing: the
   * positive result is read.
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "^^LN"})
  void readsALoincRunIntoItsText(String system) {
    String message =
        TestMessages.oru()
            .replaceFirst(
                "OBX\\|1\\|CWE\\|94500-6\\^[^|]*\\|",
                "OBX|1|CWE|94500-6SARS-CoV-2 RNA NAA+probe Ql (Resp)" + system + "|");
    assertThat(message).contains("|94500-6SARS-CoV-2 RNA NAA+probe Ql (Resp)" + system + "|");
    assertThat(deid.events(Hl7v2ReportMapperTestAccess.reportOf(message), 1, submission, received))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.condition()).isEqualTo("COVID-19");
              assertThat(e.testCode()).isEqualTo("94500-6");
              assertThat(e.interpretation()).isEqualTo("positive");
            });
  }

  @Test
  void resultStatusesReadAsVersions() {
    assertThat(Deidentifier.version("F")).isEqualTo("final");
    assertThat(Deidentifier.version("U")).isEqualTo("final");
    assertThat(Deidentifier.version("C")).isEqualTo("corrected");
    for (String s : List.of("P", "S", "R", "I", "")) {
      assertThat(Deidentifier.version(s)).as(s).isEqualTo("preliminary");
    }
  }

  static LabResult versioned(Coding test, String status, String order) {
    return new LabResult(
        test,
        Optional.empty(),
        "POSITIVE",
        "",
        status,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        order + "|" + test.system() + "^" + test.code() + "|1",
        "");
  }

  @Test
  void cultureIsolateIsPositiveForTheOrganismsCondition() {
    LabResult culture =
        new LabResult(
            new Coding(Coding.LOINC, "625-4", "Bacteria identified in Stool by Culture"),
            Optional.of(new Coding(Coding.SNOMED, "27268008", "Salmonella")),
            "",
            "A",
            "F",
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    DeidentifiedEvent e = deid.events(lab(patient(), culture), 1, submission, received).get(0);
    assertThat(e.condition()).isEqualTo("Salmonellosis");
    assertThat(e.interpretation()).isEqualTo("positive");
    assertThat(e.eventDate()).isEqualTo(LocalDate.of(2026, 11, 21)); // no dates: receipt day
    assertThat(e.collectedToReceivedMinutes()).isNull();
  }

  @Test
  void theOrganismFoundDecidesTheConditionAndACultureCountsOnlyAReportableOne() {
    // A urine culture growing E. coli, flagged abnormal: no reportable condition at all (it was
    // counted as an enteric infection, the culture's LOINC mapped to one).
    LabResult urine =
        organismResult("6463-4", "Bacteria identified in Specimen by Culture", "112283007", "A");
    assertThat(deid.events(lab(patient(), urine), 1, submission, received)).isEmpty();
    // A chlamydia test whose result names the gonococcus: gonorrhea.
    LabResult ct = organismResult("43304-5", "C trach rRNA Spec Ql NAA+probe", "68704007", "");
    DeidentifiedEvent e = deid.events(lab(patient(), ct), 1, submission, received).get(0);
    assertThat(e.condition()).isEqualTo("Gonorrhea");
    assertThat(e.interpretation()).isEqualTo("positive");
  }

  private static LabResult organismResult(String loinc, String name, String organism, String flag) {
    return new LabResult(
        new Coding(Coding.LOINC, loinc, name),
        Optional.of(new Coding(Coding.SNOMED, organism, "")),
        "",
        flag,
        "F",
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void readsACodedResultSentAsTextOnlyByItsText() throws Exception {
    // Only CWE-9 (original text): read as no value before, so an indeterminate test.
    String message = TestMessages.set(TestMessages.oru(), "OBX", 1, 5, "^^^^^^^^Not detected");
    CanonicalReport report = Hl7v2ReportMapperTestAccess.reportOf(message);
    DeidentifiedEvent e = deid.events(report, 1, submission, received).get(0);
    assertThat(e.interpretation()).isEqualTo("negative");
  }

  @Test
  void flagsAResultBeforeItsCollection() {
    LabResult r =
        new LabResult(
            new Coding(Coding.LOINC, "94500-6", ""),
            Optional.of(new Coding(Coding.SNOMED, "260415000", "Not detected")),
            "",
            "",
            "F",
            Optional.empty(),
            Optional.of(new ReferenceInstant(Instant.parse("2026-11-20T10:00:00Z"), "OBR-7")),
            Optional.of(new ReferenceInstant(Instant.parse("2026-11-20T09:00:00Z"), "OBX-19")));
    DeidentifiedEvent e = deid.events(lab(patient(), r), 1, submission, received).get(0);
    assertThat(e.resultBeforeCollection()).isTrue();
    assertThat(e.interpretation()).isEqualTo("negative");
  }

  @Test
  void theSamePersonAtTwoLabsGetsOneKeyAndOtherPeopleOthers() {
    PersonKey key = new PersonKey(SECRET);
    Patient atLab1 = patient();
    Patient atLab2 =
        new Patient(
            List.of(new PatientIdentifier("X-99", "OTHER LAB", "MR")),
            "garcía",
            " maria ",
            atLab1.birthDate(),
            "F",
            Optional.empty());
    Patient sibling =
        new Patient(
            List.of(),
            "Garcia",
            "Maria",
            Optional.of(BirthDate.day(LocalDate.of(2001, 1, 1))),
            "F",
            Optional.empty());
    assertThat(key.of(atLab2, "2")).isEqualTo(key.of(atLab1, "1"));
    assertThat(key.of(sibling, "1")).isNotEqualTo(key.of(atLab1, "1"));
    byte[] other = SECRET.clone();
    other[0] = 8;
    assertThat(new PersonKey(other).of(atLab1, "1")).isNotEqualTo(key.of(atLab1, "1"));
  }

  static Patient patient() {
    return new Patient(
        List.of(new PatientIdentifier("MRN1", "LAB", "MR")),
        "Garcia",
        "Maria",
        Optional.of(BirthDate.day(LocalDate.of(1936, 11, 20))),
        "F",
        Optional.of(new Address("1 Elm St", "Hanover", "NH", "03601", "", "USA")));
  }

  static LabResult result(Coding test, String status) {
    return new LabResult(
        test,
        Optional.empty(),
        "POSITIVE",
        "",
        status,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  static CanonicalReport lab(Patient p, LabResult... results) {
    return new CanonicalReport(
        ReportKind.LAB,
        "F",
        Optional.empty(),
        List.of(new PatientReport(p, List.of(results), List.of())),
        CanonicalReport.PRODUCTION);
  }

  @Test
  void anAnimalPatientYieldsNoEvents() {
    Patient human = patient();
    Patient dog =
        new Patient(
            human.identifiers(),
            human.familyName(),
            human.givenName(),
            human.birthDate(),
            human.sex(),
            human.address(),
            false);
    LabResult rabies = result(new Coding(Coding.LOINC, "94500-6", ""), "F");
    assertThat(deid.events(lab(human, rabies), 1, submission, received)).hasSize(1);
    assertThat(deid.events(lab(dog, rabies), 1, submission, received)).isEmpty();
  }

  @Test
  void ninetyAndOverAndRestrictedZip3AreCoarsened() {
    LabResult r = result(new Coding(Coding.LOINC, "94500-6", ""), "F");
    DeidentifiedEvent e = deid.events(lab(patient(), r), 1, submission, received).get(0);
    assertThat(e.ageBand()).isEqualTo("90+");
    assertThat(e.zip3()).isEqualTo("000"); // 036 is a restricted ZIP3
    assertThat(e.stateFips()).isEqualTo("33");
    assertThat(e.interpretation()).isEqualTo("positive");
  }
}
