package io.vigil.analytics.testing;

import io.vigil.events.DeidentifiedEvent;
import java.time.LocalDate;
import java.util.UUID;

/** Builds realistic de-identified events for tests (fluent, immutable steps). */
public final class Events {
  private Events() {}

  /** A lab result for {@code person} with the test defaults (Los Angeles County, 18-49, F). */
  public static Lab lab(String person, String condition, LocalDate day, String interpretation) {
    return new Lab(person, condition, day, interpretation);
  }

  /** An administered dose. */
  public static DeidentifiedEvent dose(String person, String group, LocalDate day) {
    return dose(person, group, day, DeidentifiedEvent.IMMUNIZATION);
  }

  /** The deletion of the dose record of {@code person}, {@code group} and {@code day}. */
  public static DeidentifiedEvent doseDeletion(String person, String group, LocalDate day) {
    return dose(person, group, day, DeidentifiedEvent.IMMUNIZATION_RETRACTION);
  }

  /**
   * An administered dose of the dose record named {@code record} (its key derived from the name),
   * as the hub writes it since doses carry a record key.
   */
  public static DeidentifiedEvent doseRecord(
      String person, String record, String group, LocalDate day) {
    return withRecord(dose(person, group, day, DeidentifiedEvent.IMMUNIZATION), record);
  }

  /** The deletion of the dose record named {@code record}. */
  public static DeidentifiedEvent doseRecordDeletion(
      String person, String record, String group, LocalDate day) {
    return withRecord(dose(person, group, day, DeidentifiedEvent.IMMUNIZATION_RETRACTION), record);
  }

  /** The update (RXA-21 U) of the dose record named {@code record}: its version replaces others. */
  public static DeidentifiedEvent doseRecordUpdate(
      String person, String record, String group, LocalDate day) {
    return withRecord(dose(person, group, day, DeidentifiedEvent.IMMUNIZATION), record, true);
  }

  private static DeidentifiedEvent withRecord(DeidentifiedEvent e, String record) {
    return withRecord(e, record, false);
  }

  private static DeidentifiedEvent withRecord(DeidentifiedEvent e, String record, boolean update) {
    return new DeidentifiedEvent(
        e.schema(),
        e.eventId(),
        e.policy(),
        e.kind(),
        e.senderId(),
        e.eventDate(),
        e.receivedDate(),
        e.condition(),
        e.testCode(),
        e.interpretation(),
        e.vaccineCode(),
        e.vaccineGroup(),
        e.doseNumber(),
        e.stateFips(),
        e.countyFips(),
        e.zip3(),
        e.ageBand(),
        e.sex(),
        e.personKey(),
        e.collectedToReceivedMinutes(),
        e.resultedToReceivedMinutes(),
        e.createdToReceivedMinutes(),
        e.collectedSource(),
        e.resultedSource(),
        e.resultBeforeCollection(),
        key(record),
        update ? DeidentifiedEvent.DOSE_UPDATE : null);
  }

  private static DeidentifiedEvent dose(String person, String group, LocalDate day, String kind) {
    return new DeidentifiedEvent(
        DeidentifiedEvent.SCHEMA,
        UUID.randomUUID().toString(),
        "deid-v1",
        kind,
        "7",
        day,
        day.plusDays(1),
        null,
        null,
        null,
        "208",
        group,
        1,
        "06",
        "06037",
        "900",
        "18-49",
        null,
        key(person),
        null,
        null,
        5L,
        null,
        null,
        false);
  }

  static String key(String person) {
    return String.format("%064x", new java.math.BigInteger(1, person.getBytes()));
  }

  /** Lab result builder. */
  public static final class Lab {
    private final String person;
    private final String condition;
    private final LocalDate day;
    private final String interpretation;
    private String sender = "7";
    private LocalDate received;
    private Long collectedLag = 1500L;
    private Long resultedLag = 60L;
    private Long createdLag = 5L;
    private boolean resultBeforeCollection;
    private String kind = DeidentifiedEvent.LAB_RESULT;
    private String resultKey;
    private String resultStatus;

    Lab(String person, String condition, LocalDate day, String interpretation) {
      this.person = person;
      this.condition = condition;
      this.day = day;
      this.interpretation = interpretation;
      this.received = day.plusDays(1);
    }

    public Lab sender(String id, LocalDate receivedOn) {
      this.sender = id;
      this.received = receivedOn;
      return this;
    }

    public Lab lags(Long collected, Long resulted, Long created, boolean beforeCollection) {
      this.collectedLag = collected;
      this.resultedLag = resulted;
      this.createdLag = created;
      this.resultBeforeCollection = beforeCollection;
      return this;
    }

    /** A version of the result named {@code result} (a key derived from the name). */
    public Lab version(String result, String status) {
      this.resultKey = key(result);
      this.resultStatus = status;
      return this;
    }

    /** The withdrawal of the result named {@code result}. */
    public Lab withdrawal(String result) {
      this.kind = DeidentifiedEvent.LAB_RESULT_RETRACTION;
      this.resultKey = key(result);
      this.resultStatus = null;
      return this;
    }

    public DeidentifiedEvent build() {
      return new DeidentifiedEvent(
          DeidentifiedEvent.SCHEMA,
          UUID.randomUUID().toString(),
          "deid-v1",
          kind,
          sender,
          day,
          received,
          condition,
          "94500-6",
          interpretation,
          null,
          null,
          null,
          "06",
          "06037",
          "900",
          "18-49",
          "F",
          key(person),
          collectedLag,
          resultedLag,
          createdLag,
          collectedLag == null ? null : "SPM-17",
          resultedLag == null ? null : "OBX-19",
          resultBeforeCollection,
          resultKey,
          resultStatus);
    }
  }
}
