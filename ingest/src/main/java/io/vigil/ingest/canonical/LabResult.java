package io.vigil.ingest.canonical;

import java.util.Objects;
import java.util.Optional;

/**
 * One lab result (an OBX under its OBR / an Observation under its DiagnosticReport).
 *
 * @param test what was tested: the LOINC coding when the sender gave one (primary or alternate),
 *     else the local coding (OBX-3 / Observation.code)
 * @param codedValue the coded result (OBX-5 of type CWE/CE / valueCodeableConcept), preferring
 *     SNOMED CT when both triplets are valued
 * @param value the result in text form when not coded: numeric, string, structured numeric, or the
 *     text of a coded value sent without a code ("" otherwise); its further lines, if any, are the
 *     next lines of a narrative, or the lab's comments on the result (a text OBX under its code and
 *     sub-id)
 * @param interpretation abnormal flag / interpretation code (OBX-8 / Observation.interpretation;
 *     HL7 table 0078, e.g. {@code A}, {@code POS}, {@code N}, {@code NEG}; "" when none)
 * @param status result status (OBX-11 / Observation.status mapped to HL7 0085: {@code F}, {@code
 *     C}, {@code P}, {@code X}…)
 * @param specimenType specimen type (SPM-4 / Specimen.type)
 * @param specimenCollected when the specimen was collected (SPM-17, else OBR-7 / Specimen
 *     .collection.collected[x], else Observation.effective[x])
 * @param resulted when the result was produced (OBR-22, else OBX-19 / DiagnosticReport.issued, else
 *     Observation.issued): the same precedence as the log leaf
 * @param identity the sender's identity of this result, the same in every version it sends
 *     (preliminary, final, corrected, withdrawn): the filler order number (else the placer's) with
 *     the test code and sub-id (OBR-3 / ORC-3, OBX-3, OBX-4), or Observation.identifier (else the
 *     DiagnosticReport's identifier with the test code); "" when the report names none. PHI (an
 *     accession number): it only ever leaves keyed under the hub's secret
 * @param referenceRange the result's reference range as sent (OBX-7, {@code 0.0-3.4}, {@code <5};
 *     Observation.referenceRange as {@code low-high} or its text); "" when none
 */
public record LabResult(
    Coding test,
    Optional<Coding> codedValue,
    String value,
    String interpretation,
    String status,
    Optional<Coding> specimenType,
    Optional<ReferenceInstant> specimenCollected,
    Optional<ReferenceInstant> resulted,
    String identity,
    String referenceRange) {

  /** A result without an identity across versions. */
  public LabResult(
      Coding test,
      Optional<Coding> codedValue,
      String value,
      String interpretation,
      String status,
      Optional<Coding> specimenType,
      Optional<ReferenceInstant> specimenCollected,
      Optional<ReferenceInstant> resulted) {
    this(
        test,
        codedValue,
        value,
        interpretation,
        status,
        specimenType,
        specimenCollected,
        resulted,
        "",
        "");
  }

  public LabResult {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(codedValue, "codedValue");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(interpretation, "interpretation");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(specimenType, "specimenType");
    Objects.requireNonNull(specimenCollected, "specimenCollected");
    Objects.requireNonNull(resulted, "resulted");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(referenceRange, "referenceRange");
  }

  /** This result with {@code identity} as its identity across versions. */
  public LabResult withIdentity(String identity) {
    return new LabResult(
        test,
        codedValue,
        value,
        interpretation,
        status,
        specimenType,
        specimenCollected,
        resulted,
        identity,
        referenceRange);
  }

  /** This result with {@code value} as its text value. */
  LabResult withValue(String value) {
    return new LabResult(
        test,
        codedValue,
        value,
        interpretation,
        status,
        specimenType,
        specimenCollected,
        resulted,
        identity,
        referenceRange);
  }

  LabResult withoutSources() {
    return new LabResult(
        test,
        codedValue,
        value,
        interpretation,
        status,
        specimenType,
        specimenCollected.map(ReferenceInstant::withoutSource),
        resulted.map(ReferenceInstant::withoutSource),
        "",
        referenceRange);
  }
}
