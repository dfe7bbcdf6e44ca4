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
 */
public record Immunization(
    Coding vaccine,
    Optional<ReferenceInstant> administered,
    Optional<Integer> doseNumber,
    String completionStatus,
    String action) {

  public Immunization {
    Objects.requireNonNull(vaccine, "vaccine");
    Objects.requireNonNull(administered, "administered");
    Objects.requireNonNull(doseNumber, "doseNumber");
    Objects.requireNonNull(completionStatus, "completionStatus");
    Objects.requireNonNull(action, "action");
  }

  Immunization withoutSources() {
    return new Immunization(
        vaccine,
        administered.map(ReferenceInstant::withoutSource),
        doseNumber,
        completionStatus,
        action);
  }
}
