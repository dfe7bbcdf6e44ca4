package io.vigil.ingest.validation;

import static io.vigil.ingest.validation.CodedElement.value;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.group.VXU_V04_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.VXU_V04_ORDER;
import ca.uhn.hl7v2.model.v251.segment.RXA;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an RXA records a dose given: its completion status (RXA-20, HL7 table 0322), and, where
 * the sender leaves RXA-20 out (the guide's default is CP), what the record itself says instead.
 * Older EHR exports and hand-built interfaces send refusals, contraindications and immunity with no
 * RXA-20: read as given, a refused or immune child counted as vaccinated, where coverage is lowest.
 * The validator (which checks a given dose's lot and maker) and the mapper (which counts it) read
 * the status by this one rule.
 */
public final class DoseStatus {

  /**
   * OBX-3 of a dose's observations that say it was not given: a contraindication or precaution
   * (30945-0), evidence of immunity (59784-9), as the CDC IZ guide records them.
   */
  static final Set<String> NOT_GIVEN_OBSERVATIONS = Set.of("30945-0", "59784-9");

  /** CDC table NIP002, substance refusal reason. */
  private static final Set<String> REFUSAL_REASONS = Set.of("00", "01", "02", "03");

  /**
   * A status read from the record, RXA-20 not being sent.
   *
   * @param status {@code RE} or {@code NA}
   * @param because what in the record says so, for the sender's finding
   */
  public record Inferred(String status, String because) {}

  private DoseStatus() {}

  /** RXA-20 as sent, in capitals; when not sent, {@link #inferred}'s status, else {@code CP}. */
  public static String of(RXA rxa) {
    String sent = value(rxa.getCompletionStatus()).toUpperCase(Locale.ROOT);
    return sent.isEmpty() ? inferred(rxa).map(Inferred::status).orElse("CP") : sent;
  }

  /**
   * What a record without RXA-20 says of its dose: not administered when its amount is 0 (a
   * v2.3.1-style record, {@code RXA6_ZERO}); unless it shows a dose given (a lot, a maker, RXA-9
   * 00), refused when RXA-18 gives a coded refusal reason (the guide sends one only with RE), not
   * administered when one of its observations records a contraindication or immunity; empty when
   * RXA-20 is sent or nothing says so (given).
   */
  public static Optional<Inferred> inferred(RXA rxa) {
    if (!value(rxa.getCompletionStatus()).isEmpty()) {
      return Optional.empty();
    }
    if (Hl7Numbers.isZero(value(rxa.getAdministeredAmount()))) {
      return Optional.of(new Inferred("NA", "RXA-6 amount is 0"));
    }
    if (showsAdministration(rxa)) {
      // A lot, a maker or "new immunization record": the dose was given. An observation of
      // immunity or a precaution hung under it (VXU has no group for patient observations), or a
      // form's "None" in the refusal field, says nothing against that.
      return Optional.empty();
    }
    if (givesRefusalReason(rxa)) {
      return Optional.of(new Inferred("RE", "RXA-18 gives a refusal reason"));
    }
    if (rxa.getParent() instanceof VXU_V04_ORDER order) {
      for (VXU_V04_OBSERVATION observation : observations(order)) {
        Optional<String> loinc =
            CodedElement.of(observation.getOBX().getObservationIdentifier())
                .codeIn(CodedElement.LOINC);
        if (loinc.filter(NOT_GIVEN_OBSERVATIONS::contains).isPresent()) {
          return Optional.of(
              new Inferred(
                  "NA",
                  "its observation "
                      + loinc.get()
                      + (loinc.get().equals("30945-0")
                          ? " records a contraindication"
                          : " records evidence of immunity")));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether RXA-18 gives a refusal reason of CDC table NIP002 (00-03, or any code marked NIP002):
   * not what forms write into an unused field ("^None", "NA^Not applicable").
   */
  public static boolean givesRefusalReason(RXA rxa) {
    for (CE reason : rxa.getSubstanceTreatmentRefusalReason()) {
      String code = value(reason.getIdentifier());
      if (REFUSAL_REASONS.contains(code)
          || !code.isEmpty() && value(reason.getNameOfCodingSystem()).equalsIgnoreCase("NIP002")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the record shows a dose given: a lot number (RXA-15), a manufacturer (RXA-17), or an
   * information source of a new immunization record (RXA-9 {@code 00}).
   */
  static boolean showsAdministration(RXA rxa) {
    for (var lot : rxa.getSubstanceLotNumber()) {
      if (!value(lot).isEmpty()) {
        return true;
      }
    }
    for (CE mvx : rxa.getSubstanceManufacturerName()) {
      if (!CodedElement.of(mvx).isEmpty()) {
        return true;
      }
    }
    for (CE source : rxa.getAdministrationNotes()) {
      if (value(source.getIdentifier()).equals("00")) {
        return true;
      }
    }
    return false;
  }

  private static java.util.List<VXU_V04_OBSERVATION> observations(VXU_V04_ORDER order) {
    try {
      return order.getOBSERVATIONAll();
    } catch (HL7Exception e) {
      return java.util.List.of(); // a structure HAPI built: not thrown in practice
    }
  }
}
