package io.vigil.ingest.deid;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.canonical.CanonicalReport;
import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.canonical.Immunization;
import io.vigil.ingest.canonical.LabResult;
import io.vigil.ingest.canonical.PatientReport;
import io.vigil.ingest.canonical.ReferenceInstant;
import io.vigil.ingest.validation.CvxTable;
import io.vigil.ingest.validation.VaccineCrosswalk;
import io.vigil.ingest.validation.VaccineGroups;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The de-identification policy {@value #POLICY}: turns an accepted canonical report into the events
 * that may leave the system of record, one per reportable lab result and one per vaccine group of
 * each administered dose (a combination vaccine is a dose in each of its groups; an immune globulin
 * or a skin test is none). Only what the event schema lists is carried: no names, identifiers,
 * addresses, birth dates, free text or times of day. Thread-safe; share one instance.
 */
public final class Deidentifier {
  /** The policy version stamped on every event. */
  public static final String POLICY = "deid-v1";

  /**
   * CVX 998 "no vaccine administered": registries send contraindications and evidence of immunity
   * as a dose of it, often with RXA-20 CP or none; it is never a dose given.
   */
  private static final String NO_VACCINE_ADMINISTERED = "998";

  /**
   * Result statuses (HL7 0085) that report no result: cancelled, deleted, wrong patient, specimen
   * in lab with results pending, not asked, order detail only. Counted, a pending result would be a
   * test with no outcome, and one with no order number would stay counted beside its final.
   */
  private static final Set<String> NO_RESULT = Set.of("X", "D", "W", "I", "N", "O");

  /**
   * The completion statuses (NIP 0322) that, sent as an update, say a dose recorded as given was
   * not: not administered, refused. The update names its record ({@code resultKey}), so it takes
   * back that record only: a refusal resent as an update in a full-history message takes back
   * nothing that record did not count.
   */
  private static final Set<String> NOT_GIVEN = Set.of("NA", "RE");

  /** Result statuses (HL7 0085) that withdraw an earlier version: deleted, wrong patient. */
  private static final Set<String> WITHDRAWN = Set.of("D", "W");

  /**
   * Result statuses (HL7 0085) of a version that replaces the earlier ones with a value of its own:
   * final, corrected, and "results cannot be obtained" ({@code X}, also a cancelled order). Not
   * {@code U}, "changed to final without retransmitting results": the earlier value stands.
   */
  private static final Set<String> SUPERSEDING = Set.of("F", "C", "X");

  private final PersonKey personKey;
  private final ReportableConditions conditions;
  private final VaccineGroups vaccineGroups;
  private final VaccineCrosswalk crosswalk;
  private final ZoneId zone;
  private final Set<String> processingIds;

  /**
   * @param processingIds the processing ids (HL7 table 0103) whose reports yield events
   */
  public Deidentifier(
      PersonKey personKey,
      ReportableConditions conditions,
      CvxTable cvx,
      ZoneId zone,
      Set<String> processingIds) {
    this.personKey = personKey;
    this.conditions = conditions;
    this.vaccineGroups = new VaccineGroups(cvx);
    this.crosswalk = VaccineCrosswalk.bundled();
    this.zone = zone;
    this.processingIds = Set.copyOf(processingIds);
  }

  /**
   * Whether {@code report} yields events: its processing id is one this hub counts. A training
   * ({@code T}) or debugging ({@code D}) message is stored like any other, but production counts
   * {@code P} alone.
   */
  public boolean counts(CanonicalReport report) {
    return processingIds.contains(report.processingId());
  }

  /** For the sender of a report this hub does not {@link #counts count}: why not. */
  public String whyNotCounted(CanonicalReport report) {
    String id = report.processingId();
    String meaning = id.equals("T") ? "training or test" : id.equals("D") ? "debugging" : id;
    return "Processing id '"
        + id
        + "' ("
        + meaning
        + "): stored and acknowledged, but not counted in the trends; this hub counts "
        + String.join(", ", new TreeSet<>(processingIds))
        + " messages";
  }

  /**
   * How a dose's vaccine is counted: its CVX as the CDC table writes it and its groups; an NDC or a
   * CPT code as the CVX CDC's crosswalk maps it to (when it maps to several, as the vaccine groups
   * they all share, with no CVX); any other code, or one the crosswalk does not decide, as {@link
   * VaccineGroups#OTHER} with no CVX.
   */
  private Counted counted(Coding vaccine) {
    if (vaccine.isCvx()) {
      return new Counted(
          vaccineGroups.canonicalCode(vaccine.code()), vaccineGroups.of(vaccine.code()));
    }
    List<String> cvx = crosswalk.candidates(vaccine);
    if (cvx.size() == 1) {
      return new Counted(vaccineGroups.canonicalCode(cvx.get(0)), vaccineGroups.of(cvx.get(0)));
    }
    return new Counted(null, vaccineGroups.shared(cvx).orElse(List.of(VaccineGroups.OTHER)));
  }

  /** A dose's CVX (null when not known) and the vaccine groups it counts in. */
  private record Counted(String vaccineCode, List<String> groups) {}

  /** The reportable-condition value set results are counted by. */
  public ReportableConditions conditions() {
    return conditions;
  }

  /** The policy as configured. */
  public static Deidentifier of(DeidConfig config) throws IOException {
    ReportableConditions conditions =
        config.conditionsFile().isPresent()
            ? ReportableConditions.fromFile(config.conditionsFile().get())
            : ReportableConditions.bundled();
    return new Deidentifier(
        new PersonKey(config.personKeySecret()),
        conditions,
        CvxTable.bundled(),
        config.zone(),
        config.processingIds());
  }

  /**
   * The events of one accepted submission, in report order; none for a processing id this hub does
   * not count ({@link #counts}).
   *
   * @param submissionId the submission they come from (event ids derive from it, so a replay yields
   *     the same ids)
   */
  public List<DeidentifiedEvent> events(
      CanonicalReport report, long senderId, UUID submissionId, Instant receivedAt) {
    if (!counts(report)) {
      return List.of();
    }
    List<DeidentifiedEvent> events = new ArrayList<>();
    LocalDate receivedDay = day(receivedAt);
    Long createdLag = report.messageCreated().map(c -> minutes(c.at(), receivedAt)).orElse(null);
    for (PatientReport p : report.patients()) {
      if (!p.patient().human()) {
        continue; // an animal (PID-35): the trends count persons
      }
      String key = personKey.of(p.patient(), Long.toString(senderId));
      Jurisdiction where = Jurisdiction.of(p.patient().address());
      for (LabResult r : p.labResults()) {
        for (LabEvent e : lab(r, p, key, where, senderId, receivedAt, receivedDay, createdLag)) {
          events.add(e.withId(eventId(submissionId, events.size())).build());
        }
      }
      PatientDoseRecords records = PatientDoseRecords.of(p.immunizations());
      for (Immunization dose : p.immunizations()) {
        // A deleted dose (RXA-21 D, FHIR entered-in-error), or one updated to not given (RXA-21 U
        // with RXA-20 NA or RE: recorded in error as given), takes back the dose record it names
        // (its record key); the trends count a person, a vaccine group and a day once while any
        // record supports it. Without its day (a date to the month or year only, RXA3_IMPRECISE)
        // a dose is counted on no day, and a deletion names none.
        boolean deletion =
            dose.action().equals("D") && given(dose)
                || dose.action().equals("U") && NOT_GIVEN.contains(dose.completionStatus());
        Counted counted = counted(dose.vaccine());
        String vaccineCode = counted.vaccineCode();
        if (!given(dose) && !deletion
            || NO_VACCINE_ADMINISTERED.equals(vaccineCode)
            || dose.administered().isEmpty()) {
          continue;
        }
        LocalDate eventDay = day(dose.administered().get());
        String recordKey =
            personKey.ofDose(
                Long.toString(senderId),
                key,
                records.identity(dose, counted.vaccineCode(), eventDay));
        // One event per vaccine group (a combination vaccine is a dose of each), none for a code
        // that is no vaccine dose (an immune globulin, a skin test): each group's trend counts it.
        for (String group : counted.groups()) {
          events.add(
              new DeidentifiedEvent(
                  DeidentifiedEvent.SCHEMA,
                  eventId(submissionId, events.size()),
                  POLICY,
                  deletion
                      ? DeidentifiedEvent.IMMUNIZATION_RETRACTION
                      : DeidentifiedEvent.IMMUNIZATION,
                  Long.toString(senderId),
                  eventDay,
                  receivedDay,
                  null,
                  null,
                  null,
                  vaccineCode,
                  group,
                  deletion ? null : dose.doseNumber().orElse(null),
                  where.stateFips(),
                  where.countyFips(),
                  where.zip3(),
                  AgeBands.at(p.patient().birthDate(), eventDay),
                  p.patient().sex(),
                  key,
                  null,
                  null,
                  createdLag,
                  null,
                  null,
                  false,
                  recordKey,
                  !deletion && dose.action().equals("U") ? DeidentifiedEvent.DOSE_UPDATE : null));
        }
      }
    }
    return events;
  }

  /**
   * A result's interpretation ({@link Interpretation}); a syphilis titer neither its text nor its
   * flag answers is read from the titer itself ({@link SyphilisTiter}).
   */
  private static String interpretation(
      LabResult r, Optional<String> byOrganism, Optional<String> condition) {
    String read = Interpretation.of(r, byOrganism.isPresent());
    if (!Interpretation.INDETERMINATE.equals(read)
        || r.codedValue().isPresent()
        || condition.filter(SyphilisTiter::is).isEmpty()) {
      return read;
    }
    String value = r.value().lines().findFirst().orElse("");
    return SyphilisTiter.of(value.replace("^", "").replace(" ", ""), r.referenceRange());
  }

  private List<LabEvent> lab(
      LabResult r,
      PatientReport p,
      String key,
      Jurisdiction where,
      long senderId,
      Instant receivedAt,
      LocalDate receivedDay,
      Long createdLag) {
    Optional<String> byOrganism = conditions.forResult(r.codedValue());
    // The organism found decides: a Salmonella grown in a stool culture is salmonellosis, and a
    // gonococcus found by a chlamydia/gonorrhea panel is gonorrhea, whatever the test's condition.
    Optional<String> condition = byOrganism.or(() -> conditions.forTest(r.test()));
    // A multiplex panel's result is a result of each of its conditions, under a key of its own per
    // condition, whether an organism or a negative counts it, so its versions replace each other.
    List<String> panel = conditions.panelConditions(r.test());
    // A version that counts nothing still takes back the one it replaces (a positive corrected to
    // "specimen unsatisfactory", a preliminary Salmonella isolate whose final reads "No Salmonella
    // isolated"): it is a retraction under the result's key, or the earlier version would stay.
    boolean superseding = SUPERSEDING.contains(r.status()) && !r.identity().isEmpty();
    boolean retraction;
    if (condition.isEmpty() && panel.isEmpty()) {
      // Only a culture's final that says the organism is not there (negative, no growth, no
      // result) takes its preliminary back: one whose organism the hub cannot read (text naming
      // none
      // of the value set's, a local code, a serotype the value set does not list) is no evidence
      // against the earlier one. The
      // analytics take the condition from the version they withdraw. A test the value set does not
      // list never counted, so nothing leaves.
      if (!superseding
          || !conditions.decidedByOrganism(r.test())
          || !(NO_RESULT.contains(r.status())
              || Interpretation.noResult(r)
              || Interpretation.NEGATIVE.equals(Interpretation.of(r, false)))) {
        return List.of(); // read only for a culture's final: every other result passes by here
      }
      retraction = true;
    } else {
      boolean noResult = NO_RESULT.contains(r.status()) || Interpretation.noResult(r);
      retraction =
          WITHDRAWN.contains(r.status()) && !r.identity().isEmpty() || noResult && superseding;
      if (noResult && !retraction) {
        return List.of();
      }
    }
    String interpretation = retraction ? null : interpretation(r, byOrganism, condition);
    // One event per condition the result counts for, each under the result identity given for it.
    LabEvents events =
        (counted, identity) -> {
          String resultKey =
              identity.isEmpty()
                  ? null
                  : personKey.ofResult(Long.toString(senderId), key, identity);
          Optional<Instant> collected = r.specimenCollected().map(ReferenceInstant::at);
          Optional<Instant> resulted = r.resulted().map(ReferenceInstant::at);
          LocalDate eventDay =
              r.specimenCollected().or(r::resulted).map(this::day).orElse(receivedDay);
          return new LabEvent(
              Long.toString(senderId),
              eventDay,
              receivedDay,
              counted,
              r.test().isLoinc() ? r.test().code() : null,
              interpretation,
              where,
              AgeBands.at(p.patient().birthDate(), eventDay),
              p.patient().sex(),
              key,
              collected.map(c -> minutes(c, receivedAt)).orElse(null),
              resulted.map(c -> minutes(c, receivedAt)).orElse(null),
              createdLag,
              r.specimenCollected().map(ReferenceInstant::source).orElse(null),
              r.resulted().map(ReferenceInstant::source).orElse(null),
              collected.isPresent()
                  && resulted.isPresent()
                  && resulted.get().isBefore(collected.get()),
              retraction,
              resultKey,
              retraction ? null : version(r.status()),
              null);
        };
    if (condition.isPresent() && !panel.isEmpty()) {
      return List.of(events.of(condition.get(), perCondition(r, condition.get())));
    }
    if (condition.isPresent() || panel.isEmpty()) {
      return List.of(events.of(condition.orElse(null), r.identity()));
    }
    // A panel's negative is a negative test of each of its conditions, each a result of its own;
    // a bare "Detected" under it names neither.
    if (!retraction && !Interpretation.NEGATIVE.equals(interpretation)) {
      return List.of();
    }
    return panel.stream().map(c -> events.of(c, perCondition(r, c))).toList();
  }

  /** A panel result's identity for one of its conditions; none without an identity of its own. */
  private static String perCondition(LabResult r, String condition) {
    return r.identity().isEmpty() ? "" : r.identity() + "|" + condition;
  }

  /** Builds a result's event for one condition, under the result identity given for it. */
  @FunctionalInterface
  private interface LabEvents {
    LabEvent of(String condition, String identity);
  }

  /**
   * The version a result status (HL7 0085) stands for: {@code C} corrected; {@code F} final and
   * {@code U} (changed to final without a new value); everything else (preliminary {@code P},
   * partial {@code S}, unverified {@code R}, none) preliminary, which never replaces a final.
   */
  static String version(String status) {
    return switch (status) {
      case "C" -> "corrected";
      case "F", "U" -> "final";
      default -> "preliminary";
    };
  }

  /** Completed or partially administered: a dose given, not refused or not administered. */
  private static boolean given(Immunization dose) {
    return dose.completionStatus().equals("CP") || dose.completionStatus().equals("PA");
  }

  /**
   * The day an event happened: the day the sender wrote, when it sent no UTC offset (a date such as
   * RXA-3 {@code 20250310} is that day wherever it was given), else the day in {@link #zone}.
   */
  private LocalDate day(ReferenceInstant when) {
    return when.writtenDay().orElseGet(() -> day(when.at()));
  }

  private LocalDate day(Instant at) {
    return at.atZone(zone).toLocalDate();
  }

  private static long minutes(Instant from, Instant to) {
    return Duration.between(from, to).toMinutes();
  }

  static String eventId(UUID submissionId, int ordinal) {
    return UUID.nameUUIDFromBytes(
            (submissionId + ":" + ordinal).getBytes(StandardCharsets.US_ASCII))
        .toString();
  }

  /** A lab event before its id is assigned. */
  private record LabEvent(
      String senderId,
      LocalDate eventDate,
      LocalDate receivedDate,
      String condition,
      String testCode,
      String interpretation,
      Jurisdiction where,
      String ageBand,
      String sex,
      String personKey,
      Long collectedLag,
      Long resultedLag,
      Long createdLag,
      String collectedSource,
      String resultedSource,
      boolean resultBeforeCollection,
      boolean retraction,
      String resultKey,
      String resultStatus,
      String id) {

    LabEvent withId(String eventId) {
      return new LabEvent(
          senderId,
          eventDate,
          receivedDate,
          condition,
          testCode,
          interpretation,
          where,
          ageBand,
          sex,
          personKey,
          collectedLag,
          resultedLag,
          createdLag,
          collectedSource,
          resultedSource,
          resultBeforeCollection,
          retraction,
          resultKey,
          resultStatus,
          eventId);
    }

    DeidentifiedEvent build() {
      return new DeidentifiedEvent(
          DeidentifiedEvent.SCHEMA,
          id,
          POLICY,
          retraction ? DeidentifiedEvent.LAB_RESULT_RETRACTION : DeidentifiedEvent.LAB_RESULT,
          senderId,
          eventDate,
          receivedDate,
          condition,
          testCode,
          interpretation,
          null,
          null,
          null,
          where.stateFips(),
          where.countyFips(),
          where.zip3(),
          ageBand,
          sex,
          personKey,
          collectedLag,
          resultedLag,
          createdLag,
          collectedSource,
          resultedSource,
          resultBeforeCollection,
          resultKey,
          resultStatus);
    }
  }
}
