package io.vigil.analytics.job;

import io.vigil.events.DeidentifiedEvent;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The job's internal form of a {@link DeidentifiedEvent}: only the fields the aggregates use, days
 * as epoch days, unknown dimensions as {@code ""}. A Flink POJO, so it travels between operators
 * with Flink's own serializer (the event record's {@code LocalDate}s would need Kryo).
 */
public final class Report {
  /** The event id: the outbox relay delivers at least once, so the job drops repeats by it. */
  public String eventId;

  public boolean labResult;
  public String senderId;
  public long eventDay;
  public long receivedDay;
  public String condition;
  public boolean positive;
  public String vaccineGroup;
  public String stateFips;
  public String countyFips;
  public String zip3;
  public String ageBand;
  public String sex;
  public String personKey;
  public Long collectedToReceivedMinutes;
  public Long resultedToReceivedMinutes;
  public Long createdToReceivedMinutes;
  public boolean resultBeforeCollection;

  /** The withdrawal of an earlier lab result (kind {@code lab_result_retraction}). */
  public boolean retraction;

  /**
   * The deletion of an earlier dose record (kind {@code immunization_retraction}): that record no
   * longer supports the dose of this person, vaccine group and day.
   */
  public boolean doseDeletion;

  /**
   * A dose deletion whose record the job has not seen: a FHIR Immunization whose id the sender
   * mints per message, a record first sent without ORC-3 and deleted with one. The dose takes back
   * the sender's one record of it, if the sender has exactly one ({@code DoseSupport}).
   */
  public boolean recordUnseen;

  /**
   * The key shared by every version of one lab result, or of one dose record (the event's {@code
   * resultKey}), or {@code ""} when it has none.
   */
  public String resultKey;

  /** The CVX code of a dose, {@code ""} when not known (a dose record's version compares it). */
  public String vaccineCode;

  /** {@code preliminary}, {@code final}, {@code corrected}, or {@code ""}. */
  public String resultStatus;

  public Report() {}

  /**
   * Keys reports by {@link #resultKey}: lab results by their result (one without an order number by
   * its own event, {@code ResultVersions}), dose events by their dose record ({@code DoseRecords}).
   */
  public static final class ByResultKey implements KeySelector<Report, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Report r) {
      return r.resultKey;
    }
  }

  /** Converts a decoded event. */
  public static Report of(DeidentifiedEvent e) {
    Report r = new Report();
    r.eventId = e.eventId();
    r.labResult = e.isLabResult();
    r.senderId = e.senderId();
    r.eventDay = e.eventDate().toEpochDay();
    r.receivedDay = e.receivedDate().toEpochDay();
    r.condition = Dimensions.orEmpty(e.condition());
    r.positive = "positive".equals(e.interpretation());
    r.vaccineGroup = Dimensions.orEmpty(e.vaccineGroup());
    r.vaccineCode = Dimensions.orEmpty(e.vaccineCode());
    r.stateFips = Dimensions.orEmpty(e.stateFips());
    r.countyFips = Dimensions.orEmpty(e.countyFips());
    r.zip3 = Dimensions.orEmpty(e.zip3());
    r.ageBand = Dimensions.orEmpty(e.ageBand());
    r.sex = Dimensions.orEmpty(e.sex());
    r.personKey = e.personKey();
    r.collectedToReceivedMinutes = e.collectedToReceivedMinutes();
    r.resultedToReceivedMinutes = e.resultedToReceivedMinutes();
    r.createdToReceivedMinutes = e.createdToReceivedMinutes();
    r.resultBeforeCollection = e.resultBeforeCollection();
    r.retraction = DeidentifiedEvent.LAB_RESULT_RETRACTION.equals(e.kind());
    r.doseDeletion = DeidentifiedEvent.IMMUNIZATION_RETRACTION.equals(e.kind());
    r.resultKey = Dimensions.orEmpty(e.resultKey());
    r.resultStatus = Dimensions.orEmpty(e.resultStatus());
    return r;
  }
}
