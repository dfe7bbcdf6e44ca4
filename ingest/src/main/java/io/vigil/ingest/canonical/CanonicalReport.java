package io.vigil.ingest.canonical;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one accepted report says, independent of its format.
 *
 * @param kind lab report or immunization report
 * @param senderFacility the sending facility identifier (MSH-4 universal or namespace id; FHIR
 *     MessageHeader.sender / Bundle organization identifier value)
 * @param messageCreated when the sender created the message (MSH-7; MessageHeader / Bundle
 *     timestamp)
 * @param patients the patients reported on (HL7 v2 allows several PATIENT_RESULT groups); each with
 *     its results or doses
 * @param processingId whether the sender meant the report as production data: HL7 table 0103's
 *     {@code P} (production), {@code T} (training, test) or {@code D} (debugging), from MSH-11.1 or
 *     the FHIR Bundle's or MessageHeader's {@code v2-0103} tag ({@code HTEST} reads as {@code T});
 *     {@code P} when the sender said nothing
 */
public record CanonicalReport(
    ReportKind kind,
    String senderFacility,
    Optional<ReferenceInstant> messageCreated,
    List<PatientReport> patients,
    String processingId) {

  /** Production: the processing id of a report whose sender did not say otherwise. */
  public static final String PRODUCTION = "P";

  public CanonicalReport {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(senderFacility, "senderFacility");
    Objects.requireNonNull(messageCreated, "messageCreated");
    patients = List.copyOf(patients);
    Objects.requireNonNull(processingId, "processingId");
  }

  /**
   * The same report with every {@link ReferenceInstant#source()}, every result's {@link
   * LabResult#identity()} and every dose's {@link Immunization#recordId()} cleared (all are written
   * in the format's own terms): format-neutral.
   */
  public CanonicalReport withoutSources() {
    return new CanonicalReport(
        kind,
        senderFacility,
        messageCreated.map(ReferenceInstant::withoutSource),
        patients.stream().map(PatientReport::withoutSources).toList(),
        processingId);
  }
}
