package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One de-identified event of topic {@code vigil.events.v1}: a reportable lab result or an
 * administered vaccine dose (or the withdrawal of an earlier lab result), with nothing that
 * identifies the patient. The JSON form is described by {@code schema/vigil.events.v1.schema.json};
 * changes are additive or get a new topic version.
 *
 * <p>Dates are days (never times of day) and the timeliness reference instants travel as lags in
 * minutes relative to receipt, so no full date of the patient's care leaves the system of record
 * beyond the day.
 *
 * @param schema always {@link #SCHEMA}
 * @param eventId deterministic per (submission, ordinal), so a relay replay carries the same id
 * @param policy the de-identification policy version that produced the event
 * @param kind {@link #LAB_RESULT}, {@link #LAB_RESULT_RETRACTION}, {@link #IMMUNIZATION} or {@link
 *     #IMMUNIZATION_RETRACTION}
 * @param senderId the registered sender (hub sender id), as text
 * @param eventDate specimen collection day for a lab result (else result day, else receipt day);
 *     administration day for a dose
 * @param receivedDate the day the hub received the submission (UTC)
 * @param condition reportable condition code from the hub's value set (lab results), else null
 * @param testCode LOINC of the test (lab results), else null
 * @param interpretation {@code positive}, {@code negative} or {@code indeterminate} (lab results)
 * @param vaccineCode CVX (immunizations), else null
 * @param vaccineGroup one vaccine group of the CVX code (immunizations: a combination vaccine's
 *     dose is one event per group, each with the same CVX code), else null
 * @param doseNumber dose number in the series when the sender gave one, else null
 * @param stateFips two-digit state FIPS code of the patient's residence, or null when unknown
 * @param countyFips five-digit county FIPS code, or null when unknown
 * @param zip3 first three ZIP digits, {@code 000} for Safe Harbor restricted areas, null if unknown
 * @param ageBand age at the event date, e.g. {@code 18-49}; {@code 90+} capped; {@code unknown}
 * @param sex {@code F}, {@code M}, {@code O} or {@code U}
 * @param personKey keyed HMAC-SHA256 (hex) of the normalised patient identity
 * @param collectedToReceivedMinutes lag from specimen collection to receipt, null when missing
 * @param resultedToReceivedMinutes lag from result to receipt, null when missing
 * @param createdToReceivedMinutes lag from message creation (MSH-7 / Bundle.timestamp) to receipt
 * @param collectedSource the field the collection instant came from (e.g. {@code SPM-17}), or null
 * @param resultedSource the field the result instant came from (e.g. {@code OBX-19}), or null
 * @param resultBeforeCollection true when the result instant precedes the collection instant
 * @param resultKey lab results: keyed HMAC-SHA256 (hex) of the sender, the person and the sender's
 *     identity of the result (order number, test, sub-id), the same for every version of one
 *     result, or null when the report names no order; a later version replaces the earlier in the
 *     counts. Immunizations and their retractions: the <em>dose record key</em>, keyed HMAC-SHA256
 *     (hex, a domain of its own) of the sender, the person and the sender's identity of the dose
 *     record (ORC-3 filler order number, else ORC-2; FHIR Immunization.identifier, else its id;
 *     without one, the vaccine and the day), the same in each vaccine-group event of one record and
 *     in its update and deletion: a deletion takes back its own record only, and an update ({@code
 *     resultStatus} update) moves the record's dose (day, vaccine) instead of adding one. Reused
 *     rather than a new field since it means the same thing (a sender's record across its versions)
 *     and is never read for both kinds; null in dose events written before it was carried (the
 *     analytics then treat person, group and day as the record)
 * @param resultStatus {@code preliminary}, {@code final} or {@code corrected} (lab results); {@code
 *     update} on an immunization that updates its dose record (RXA-21 {@code U}: it replaces the
 *     record's earlier version, where an add never does, since real senders reuse record numbers);
 *     else null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
  "schema",
  "eventId",
  "policy",
  "kind",
  "senderId",
  "eventDate",
  "receivedDate",
  "condition",
  "testCode",
  "interpretation",
  "vaccineCode",
  "vaccineGroup",
  "doseNumber",
  "stateFips",
  "countyFips",
  "zip3",
  "ageBand",
  "sex",
  "personKey",
  "collectedToReceivedMinutes",
  "resultedToReceivedMinutes",
  "createdToReceivedMinutes",
  "collectedSource",
  "resultedSource",
  "resultBeforeCollection",
  "resultKey",
  "resultStatus"
})
public record DeidentifiedEvent(
    String schema,
    String eventId,
    String policy,
    String kind,
    String senderId,
    LocalDate eventDate,
    LocalDate receivedDate,
    String condition,
    String testCode,
    String interpretation,
    String vaccineCode,
    String vaccineGroup,
    Integer doseNumber,
    String stateFips,
    String countyFips,
    String zip3,
    String ageBand,
    String sex,
    String personKey,
    Long collectedToReceivedMinutes,
    Long resultedToReceivedMinutes,
    Long createdToReceivedMinutes,
    String collectedSource,
    String resultedSource,
    boolean resultBeforeCollection,
    String resultKey,
    String resultStatus) {

  /** The topic and schema name. */
  public static final String SCHEMA = "vigil.events.v1";

  /** Kind of a reportable lab result event. */
  public static final String LAB_RESULT = "lab_result";

  /** The {@code resultStatus} of an immunization that updates its dose record (RXA-21 U). */
  public static final String DOSE_UPDATE = "update";

  /**
   * Kind of the withdrawal of an earlier lab result (HL7 result status {@code D} deleted or {@code
   * W} wrong patient; FHIR {@code entered-in-error}): the result with the same {@code resultKey} no
   * longer counts. Always carries a {@code resultKey}.
   */
  public static final String LAB_RESULT_RETRACTION = "lab_result_retraction";

  /** Kind of an administered dose event. */
  public static final String IMMUNIZATION = "immunization";

  /**
   * Kind of the deletion of an earlier dose record (RXA-21 {@code D}, or {@code U} to not
   * administered or refused; FHIR {@code entered-in-error}): the record with the same {@code
   * resultKey} (the dose record key) no longer supports its dose; the dose of that person, vaccine
   * group and day still counts while another record supports it.
   */
  public static final String IMMUNIZATION_RETRACTION = "immunization_retraction";

  public DeidentifiedEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(senderId, "senderId");
    Objects.requireNonNull(eventDate, "eventDate");
    Objects.requireNonNull(receivedDate, "receivedDate");
    Objects.requireNonNull(personKey, "personKey");
    if (!SCHEMA.equals(schema)) {
      throw new IllegalArgumentException("not a " + SCHEMA + " event: " + schema);
    }
    if (!LAB_RESULT.equals(kind)
        && !IMMUNIZATION.equals(kind)
        && !LAB_RESULT_RETRACTION.equals(kind)
        && !IMMUNIZATION_RETRACTION.equals(kind)) {
      throw new IllegalArgumentException("unknown event kind: " + kind);
    }
    if (LAB_RESULT_RETRACTION.equals(kind)) {
      Objects.requireNonNull(resultKey, "resultKey");
    }
  }

  /** An event without a result key or status (results without an order number). */
  public DeidentifiedEvent(
      String schema,
      String eventId,
      String policy,
      String kind,
      String senderId,
      LocalDate eventDate,
      LocalDate receivedDate,
      String condition,
      String testCode,
      String interpretation,
      String vaccineCode,
      String vaccineGroup,
      Integer doseNumber,
      String stateFips,
      String countyFips,
      String zip3,
      String ageBand,
      String sex,
      String personKey,
      Long collectedToReceivedMinutes,
      Long resultedToReceivedMinutes,
      Long createdToReceivedMinutes,
      String collectedSource,
      String resultedSource,
      boolean resultBeforeCollection) {
    this(
        schema,
        eventId,
        policy,
        kind,
        senderId,
        eventDate,
        receivedDate,
        condition,
        testCode,
        interpretation,
        vaccineCode,
        vaccineGroup,
        doseNumber,
        stateFips,
        countyFips,
        zip3,
        ageBand,
        sex,
        personKey,
        collectedToReceivedMinutes,
        resultedToReceivedMinutes,
        createdToReceivedMinutes,
        collectedSource,
        resultedSource,
        resultBeforeCollection,
        null,
        null);
  }

  /** True for a lab result event. */
  @JsonIgnore
  public boolean isLabResult() {
    return LAB_RESULT.equals(kind);
  }
}
