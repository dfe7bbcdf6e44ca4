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
 */
public record CanonicalReport(
    ReportKind kind,
    String senderFacility,
    Optional<ReferenceInstant> messageCreated,
    List<PatientReport> patients) {

  public CanonicalReport {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(senderFacility, "senderFacility");
    Objects.requireNonNull(messageCreated, "messageCreated");
    patients = List.copyOf(patients);
  }

  /**
   * The same report with every {@link ReferenceInstant#source()} and every result's {@link
   * LabResult#identity()} cleared (both are written in the format's own terms): format-neutral.
   */
  public CanonicalReport withoutSources() {
    return new CanonicalReport(
        kind,
        senderFacility,
        messageCreated.map(ReferenceInstant::withoutSource),
        patients.stream().map(PatientReport::withoutSources).toList());
  }
}
