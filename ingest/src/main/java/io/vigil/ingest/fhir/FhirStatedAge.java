package io.vigil.ingest.fhir;

import io.vigil.ingest.canonical.BirthDate;
import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.canonical.LabResult;
import io.vigil.ingest.canonical.StatedAge;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

/**
 * A patient's age stated as an ask-at-order-entry Observation (LOINC 35659-2, 30525-0, 21612-7)
 * where no birth date is sent, as over-the-counter and self-test reports through ReportStream carry
 * it: read by the rules of the HL7 v2 mapper's OBX (see {@link StatedAge}), so the same report
 * gives the same age band in both formats.
 */
final class FhirStatedAge {
  private FhirStatedAge() {}

  /** Whether {@code o} states the patient's age. */
  static boolean isStatedAge(Observation o) {
    return FhirCodings.codeIn(o.getCode(), Coding.LOINC)
        .filter(StatedAge.AGE_LOINC::contains)
        .isPresent();
  }

  /**
   * The birth dates {@code age} allows on the day the first of {@code results} with a collection
   * time was collected (as the day is written, else in UTC, as in HL7 v2); empty without such a
   * result or a value read as an age: a Quantity in years, months, weeks or days (UCUM code, else
   * its unit text; none is years), or an integer of years.
   */
  static Optional<BirthDate> of(Observation age, List<LabResult> results) {
    Optional<LocalDate> collected =
        results.stream()
            .flatMap(r -> r.specimenCollected().stream())
            .findFirst()
            .map(
                c -> c.writtenDay().orElseGet(() -> c.at().atOffset(ZoneOffset.UTC).toLocalDate()));
    if (collected.isEmpty() || !age.hasValue()) {
      return Optional.empty();
    }
    if (age.getValue() instanceof IntegerType i && i.getValue() != null && i.getValue() >= 0) {
      return StatedAge.of("=", i.getValue(), "a", collected.get());
    }
    if (!(age.getValue() instanceof Quantity q) || q.getValue() == null) {
      return Optional.empty();
    }
    BigDecimal value = q.getValue();
    if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(200)) > 0) {
      return Optional.empty();
    }
    String unit = FhirCodings.hasText(q.getCode()) ? q.getCode() : FhirCodings.nonNull(q.getUnit());
    if (StatedAge.unit(unit).isEmpty() && FhirCodings.hasText(q.getUnit())) {
      unit = q.getUnit();
    }
    String comparator = q.hasComparator() ? q.getComparator().toCode() : "=";
    return StatedAge.of(comparator, value.intValue(), unit, collected.get());
  }
}
