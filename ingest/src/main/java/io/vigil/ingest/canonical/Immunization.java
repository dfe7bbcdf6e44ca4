package io.vigil.ingest.canonical;

import java.util.Objects;
import java.util.Optional;

/**
 * One vaccine dose (an RXA / an Immunization resource).
 *
 * @param vaccine the CVX coding when given (primary or alternate triplet), else the local coding
 * @param administered when it was administered (RXA-3 / Immunization.occurrenceDateTime)
 * @param doseNumber dose number in the series when given (VXU OBX 30973-2 /
 *     protocolApplied.doseNumber)
 * @param completionStatus HL7 0322: {@code CP} complete, {@code RE} refused, {@code NA} not
 *     administered, {@code PA} partial (Immunization.status completed → CP, not-done → NA)
 * @param action HL7 0206 action code: {@code A} add, {@code U} update, {@code D} delete ("A" when
 *     not given)
 * @param recordId the sender's identity of this dose record, the same in its add, update and
 *     delete: the ORC-3 filler order number of the dose's ORDER group, else ORC-2 (with their
 *     assigning authority); Immunization.identifier, else the resource id; {@code ""} when none
 *     (PHI: it never leaves the system of record, only a keyed hash of it does)
 */
public record Immunization(
    Coding vaccine,
    Optional<ReferenceInstant> administered,
    Optional<Integer> doseNumber,
    String completionStatus,
    String action,
    String recordId) {

  public Immunization {
    Objects.requireNonNull(vaccine, "vaccine");
    Objects.requireNonNull(administered, "administered");
    Objects.requireNonNull(doseNumber, "doseNumber");
    Objects.requireNonNull(completionStatus, "completionStatus");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(recordId, "recordId");
  }

  /** A dose record without an identity of its own. */
  public Immunization(
      Coding vaccine,
      Optional<ReferenceInstant> administered,
      Optional<Integer> doseNumber,
      String completionStatus,
      String action) {
    this(vaccine, administered, doseNumber, completionStatus, action, "");
  }

  Immunization withoutSources() {
    return new Immunization(
        vaccine,
        administered.map(ReferenceInstant::withoutSource),
        doseNumber,
        completionStatus,
        action,
        "");
  }
}
