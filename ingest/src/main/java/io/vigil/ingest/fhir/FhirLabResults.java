package io.vigil.ingest.fhir;

import static io.vigil.ingest.fhir.FhirReportMapper.first;
import static io.vigil.ingest.fhir.FhirReportMapper.instant;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import io.vigil.ingest.canonical.Coding;
import io.vigil.ingest.canonical.LabResult;
import io.vigil.ingest.canonical.ReferenceInstant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Specimen;
import org.hl7.fhir.r4.model.Type;

/**
 * The lab results of a FHIR Bundle, for {@link FhirReportMapper}: which Observations are results,
 * in report order (a panel is not, its members are; a multiplex's components each are), and each
 * one as a {@link LabResult}: its value, interpretation, reference range, status as the trends read
 * it, timeliness instants and identity across versions.
 */
final class FhirLabResults {
  private FhirLabResults() {}

  /**
   * The Observations to read, in report order: each DiagnosticReport's {@code result} references in
   * order (a panel's members in its place), then Observations no report references, in entry order;
   * {@code reportOf} receives each one's report.
   */
  static List<Observation> inReportOrder(
      BundleIndex index, Map<Observation, DiagnosticReport> reportOf) {
    List<Observation> ordered = new ArrayList<>();
    for (DiagnosticReport dr : index.resources(DiagnosticReport.class)) {
      for (Reference ref : dr.getResult()) {
        index
            .resolve(dr, ref, Observation.class)
            .ifPresent(o -> addResult(index, o, dr, reportOf, ordered, 0));
      }
    }
    for (Observation o : index.resources(Observation.class)) {
      if (!reportOf.containsKey(o) && !isPanel(o)) {
        ordered.add(o);
      }
    }
    return ordered;
  }

  /** The results {@code o} reports: itself, or each of its components. */
  static List<LabResult> of(BundleIndex index, Observation o, DiagnosticReport dr) {
    List<Observation.ObservationComponentComponent> components = components(o);
    if (components.isEmpty()) {
      return List.of(labResult(index, o, dr, Reading.of(o)));
    }
    // A multiplex cartridge sent as one Observation (SARS-CoV-2, influenza A/B, RSV as its
    // components): each component is a result of its own, the Observation only their frame.
    List<LabResult> results = new ArrayList<>();
    for (Observation.ObservationComponentComponent c : components) {
      results.add(labResult(index, o, dr, Reading.of(c)));
    }
    return results;
  }

  /**
   * A result of {@code dr} in report order; a panel (an Observation grouping others by hasMember,
   * with no value of its own: US Core's lab panels) is not a result: its members are, under the
   * same report, as are the members of a result with a value. Nesting is followed a few levels
   * deep, each Observation once.
   */
  private static void addResult(
      BundleIndex index,
      Observation o,
      DiagnosticReport dr,
      Map<Observation, DiagnosticReport> reportOf,
      List<Observation> ordered,
      int depth) {
    if (reportOf.containsKey(o)) {
      return;
    }
    reportOf.put(o, dr);
    if (!isPanel(o)) {
      ordered.add(o);
    }
    // A panel's members are its results; so are those of a result with a value of its own (an
    // overall SARS-CoV-2 answer with its targets as members), under the same report, so that its
    // status and identity are theirs too (an entered-in-error report withdraws them all).
    if (depth < 4) {
      for (Reference member : o.getHasMember()) {
        index
            .resolve(o, member, Observation.class)
            .ifPresent(m -> addResult(index, m, dr, reportOf, ordered, depth + 1));
      }
    }
  }

  /** An Observation that groups others (hasMember) and reports no value of its own. */
  private static boolean isPanel(Observation o) {
    return o.hasHasMember() && !o.hasValue() && !o.hasDataAbsentReason() && !o.hasComponent();
  }

  /** The components an Observation without a value of its own reports as results. */
  private static List<Observation.ObservationComponentComponent> components(Observation o) {
    if (o.hasValue() || o.hasDataAbsentReason()) {
      return List.of();
    }
    return o.getComponent().stream()
        .filter(c -> !FhirCodings.all(c.getCode()).isEmpty())
        .filter(c -> c.hasValue() || c.hasDataAbsentReason())
        .toList();
  }

  /** What one result reports: an Observation's own code and value, or one of its components'. */
  private record Reading(
      CodeableConcept code,
      Type value,
      String interpretation,
      Observation.ObservationReferenceRangeComponent range,
      CodeableConcept absentReason) {

    static Reading of(Observation o) {
      Type value = o.hasValue() ? o.getValue() : null;
      return new Reading(
          o.getCode(),
          valued(value),
          o.hasInterpretation() ? first(o.getInterpretationFirstRep()) : "",
          o.hasReferenceRange() ? o.getReferenceRangeFirstRep() : null,
          o.hasDataAbsentReason() ? o.getDataAbsentReason() : absentReason(value));
    }

    static Reading of(Observation.ObservationComponentComponent c) {
      return new Reading(
          c.getCode(),
          valued(c.hasValue() ? c.getValue() : null),
          c.hasInterpretation() ? first(c.getInterpretationFirstRep()) : "",
          c.hasReferenceRange() ? c.getReferenceRangeFirstRep() : null,
          c.hasDataAbsentReason()
              ? c.getDataAbsentReason()
              : absentReason(c.hasValue() ? c.getValue() : null));
    }

    /** The value, unless it is a primitive sent with only extensions ({@code _valueString}). */
    private static Type valued(Type value) {
      return value instanceof PrimitiveType<?> p && !p.hasValue() ? null : value;
    }

    /**
     * A data-absent-reason sent as the value's extension ({@code _valueString: {extension: [dar]}})
     * says what {@code dataAbsentReason} would.
     */
    private static CodeableConcept absentReason(Type value) {
      if (!(value instanceof PrimitiveType<?> p) || p.hasValue()) {
        return null;
      }
      var dar = p.getExtensionByUrl(DATA_ABSENT_REASON);
      if (dar == null || !(dar.getValue() instanceof PrimitiveType<?> code) || !code.hasValue()) {
        return null;
      }
      return new CodeableConcept()
          .addCoding(
              new org.hl7.fhir.r4.model.Coding(
                  "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                  code.getValueAsString(),
                  null));
    }
  }

  private static final String DATA_ABSENT_REASON =
      "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

  private static LabResult labResult(
      BundleIndex index, Observation o, DiagnosticReport dr, Reading reading) {
    Optional<Specimen> specimen = index.resolve(o, o.getSpecimen(), Specimen.class);
    if (specimen.isEmpty() && dr != null && dr.hasSpecimen()) {
      specimen = index.resolve(dr, dr.getSpecimenFirstRep(), Specimen.class);
    }
    // The first collection time that names a day; when none does, the first to the month or
    // year (its first day keeps the result in the month the lab named), as in HL7 v2.
    List<Optional<ReferenceInstant>> sources = new ArrayList<>();
    for (boolean toTheDay : new boolean[] {true, false}) {
      sources.add(
          specimen.flatMap(
              s -> {
                var c = s.getCollection();
                if (c.hasCollectedDateTimeType()) {
                  return collectedAt(
                      c.getCollectedDateTimeType(),
                      "Specimen.collection.collectedDateTime",
                      toTheDay);
                }
                return c.hasCollectedPeriod()
                    ? collectedAt(
                        c.getCollectedPeriod().getStartElement(),
                        "Specimen.collection.collectedPeriod",
                        toTheDay)
                    : Optional.empty();
              }));
      sources.add(effective(o.getEffective(), "Observation.effective", toTheDay));
      sources.add(
          dr == null
              ? Optional.empty()
              : effective(dr.getEffective(), "DiagnosticReport.effective", toTheDay));
    }
    Optional<ReferenceInstant> collected = sources.stream().flatMap(Optional::stream).findFirst();
    // The log leaf's precedence (OBR-22 before OBX-19): the report's issue time first.
    Optional<ReferenceInstant> resulted =
        dr == null ? Optional.empty() : instant(dr.getIssuedElement(), "DiagnosticReport.issued");
    if (resulted.isEmpty()) {
      resulted = instant(o.getIssuedElement(), "Observation.issued");
    }
    Optional<Coding> codedValue = Optional.empty();
    String value = "";
    if (reading.value() instanceof CodeableConcept cc) {
      codedValue = FhirCodings.preferring(cc, Coding.SNOMED);
      if (codedValue.isEmpty()) {
        value = textOf(cc); // what the lab reported, without a code (as a CWE "^Detected")
      }
    } else if (reading.value() != null) {
      value = text(reading.value());
    }
    Coding test =
        FhirCodings.preferring(reading.code(), Coding.LOINC)
            .orElse(new Coding("urn:vigil:local:unspecified", "", ""));
    String identity = identity(o, dr, test);
    return new LabResult(
        test,
        codedValue,
        value,
        reading.interpretation(),
        resultStatus(o, dr, reading.value() != null, reading.absentReason()),
        specimen.flatMap(s -> FhirCodings.all(s.getType()).stream().findFirst()),
        collected,
        resulted,
        identity,
        referenceRange(reading.range()));
  }

  /** A reference range as {@code low-high} ({@code <=high}, {@code >=low}), else its text. */
  private static String referenceRange(Observation.ObservationReferenceRangeComponent r) {
    if (r == null) {
      return "";
    }
    String low = plain(r.getLow());
    String high = plain(r.getHigh());
    if (!low.isEmpty() && !high.isEmpty()) {
      return low + "-" + high;
    }
    if (!high.isEmpty()) {
      return "<=" + high;
    }
    if (!low.isEmpty()) {
      return ">=" + low;
    }
    return FhirCodings.nonNull(r.getText());
  }

  /**
   * The result's identity across versions (preliminary, final, corrected, entered-in-error): the
   * Observation's business identifier, else the DiagnosticReport's with the test code; "" when
   * neither has one. Resource ids are not used: a sender may mint new ones for every Bundle.
   */
  static String identity(Observation o, DiagnosticReport dr, Coding test) {
    // With the test code either way: converters give every Observation of a report the report's
    // identifier (ReportStream, 2022), and a multiplex's components share their Observation's.
    String code = "|" + test.system() + "^" + test.code();
    Optional<String> own = identifier(o.getIdentifier());
    if (own.isPresent()) {
      return "observation|" + own.get() + code;
    }
    Optional<String> report = dr == null ? Optional.empty() : identifier(dr.getIdentifier());
    return report.map(r -> "report|" + r + code).orElse("");
  }

  /**
   * {@code results} with a repeated identity numbered from its second occurrence on ({@code |2},
   * {@code |3}), as OBX-4 tells apart two isolates of one culture in HL7 v2: the same test twice in
   * one report (Salmonella and Shigella under 625-4) are two results, which one key would make
   * versions of each other. The lab repeats them in the same order in every version.
   */
  static List<LabResult> numberRepeats(List<LabResult> results) {
    Map<String, Integer> seen = new java.util.HashMap<>();
    List<LabResult> out = new ArrayList<>(results.size());
    for (LabResult r : results) {
      if (r.identity().isEmpty()) {
        out.add(r);
        continue;
      }
      int n = seen.merge(r.identity(), 1, Integer::sum);
      out.add(n == 1 ? r : r.withIdentity(r.identity() + "|" + n));
    }
    return out;
  }

  private static Optional<String> identifier(List<Identifier> ids) {
    for (Identifier id : ids) {
      if (FhirCodings.hasText(id.getValue())) {
        return Optional.of(
            (FhirCodings.hasText(id.getSystem()) ? id.getSystem().strip() : "")
                + "|"
                + id.getValue().strip());
      }
    }
    return Optional.empty();
  }

  /** Observation.status as HL7 table 0085. */
  /**
   * The result's status as HL7 0085, as the trends read it: the Observation's, unless its report
   * withdraws it ({@code DiagnosticReport.status} entered-in-error: {@code W}) or was cancelled
   * ({@code X}), or the Observation has no value but a reason for its absence (not performed,
   * error: {@code X}, as OBX-11 X; temporarily unknown: pending, {@code I}), all of which count
   * nothing.
   */
  static String resultStatus(Observation o, DiagnosticReport dr) {
    return resultStatus(
        o, dr, o.hasValue(), o.hasDataAbsentReason() ? o.getDataAbsentReason() : null);
  }

  private static String resultStatus(
      Observation o, DiagnosticReport dr, boolean hasValue, CodeableConcept absentReason) {
    String status = status(o.getStatus());
    if (status.equals("W")) {
      return status;
    }
    if (dr != null && dr.getStatus() == DiagnosticReport.DiagnosticReportStatus.ENTEREDINERROR) {
      return "W";
    }
    if (dr != null && dr.getStatus() == DiagnosticReport.DiagnosticReportStatus.CANCELLED) {
      return "X";
    }
    if (!hasValue && absentReason != null) {
      String reason =
          absentReason.getCoding().stream()
              .map(c -> FhirCodings.nonNull(c.getCode()))
              .findFirst()
              .orElse("");
      return switch (reason) {
        case "temp-unknown" -> "I";
        case "as-text", "negative-infinity", "positive-infinity" -> status;
        default -> "X";
      };
    }
    return status;
  }

  static String status(Observation.ObservationStatus s) {
    if (s == null) {
      return "";
    }
    return switch (s) {
      case REGISTERED -> "I";
      case PRELIMINARY -> "P";
      case FINAL -> "F";
      case AMENDED, CORRECTED -> "C";
      case CANCELLED -> "X";
      case ENTEREDINERROR -> "W";
      default -> "";
    };
  }

  /** The text of a concept sent without a code: its text, else a coding's display. */
  private static String textOf(CodeableConcept cc) {
    if (FhirCodings.hasText(cc.getText())) {
      return cc.getText().strip();
    }
    return cc.getCoding().stream()
        .map(c -> c.getDisplay())
        .filter(FhirCodings::hasText)
        .map(String::strip)
        .findFirst()
        .orElse("");
  }

  /** A non-coded value in text form, as HL7 OBX-5 would carry it. */
  private static String text(Type value) {
    if (value instanceof Quantity q) {
      String comparator = q.getComparator() != null ? q.getComparator().toCode() : "";
      String number = plain(q);
      return number.isEmpty() ? "" : comparator + number;
    }
    if (value instanceof Range r) {
      return plain(r.getLow()) + "-" + plain(r.getHigh());
    }
    if (value instanceof Ratio r) {
      // "<1:10", a titer below the first dilution: the numerator's comparator is part of it.
      Quantity n = r.getNumerator();
      String comparator = n != null && n.getComparator() != null ? n.getComparator().toCode() : "";
      return comparator + plain(n) + ":" + plain(r.getDenominator());
    }
    if (value instanceof org.hl7.fhir.r4.model.PrimitiveType<?> p) {
      return FhirCodings.nonNull(p.getValueAsString());
    }
    return "";
  }

  private static String plain(Quantity q) {
    // The value, not hasValue(): a value sent with only an extension is present but null.
    return q != null && q.getValue() != null ? q.getValue().toPlainString() : "";
  }

  private static Optional<ReferenceInstant> effective(
      Type effective, String path, boolean toTheDay) {
    if (effective instanceof BaseDateTimeType dt) {
      return collectedAt(dt, path + "DateTime", toTheDay);
    }
    if (effective instanceof org.hl7.fhir.r4.model.Period p) {
      return collectedAt(p.getStartElement(), path + "Period", toTheDay);
    }
    return Optional.empty();
  }

  /**
   * A collection time: with {@code toTheDay}, only one that names a day (one to the month, {@code
   * 2021-08}, counted on the 1st, moved a result weeks early); else only one that does not.
   */
  private static Optional<ReferenceInstant> collectedAt(
      BaseDateTimeType value, String path, boolean toTheDay) {
    TemporalPrecisionEnum precision = value == null ? null : value.getPrecision();
    boolean day = precision != null && precision.ordinal() >= TemporalPrecisionEnum.DAY.ordinal();
    return day == toTheDay ? instant(value, path) : Optional.empty();
  }

  /** A DiagnosticReport in the laboratory category (HL7 v2-0074 LAB, or its display). */
  static boolean isLaboratory(DiagnosticReport dr) {
    return dr.getCategory().stream()
        .flatMap(c -> c.getCoding().stream())
        .anyMatch(
            c -> "LAB".equalsIgnoreCase(c.getCode()) || "laboratory".equalsIgnoreCase(c.getCode()));
  }

  /** Whether every result of {@code dr} carries its own release time (Observation.issued). */
  static boolean releasedByResults(BundleIndex index, DiagnosticReport dr) {
    return dr.hasResult()
        && dr.getResult().stream()
            .allMatch(
                ref ->
                    index
                        .resolve(dr, ref, Observation.class)
                        .filter(o -> o.getIssuedElement().hasValue())
                        .isPresent());
  }
}
