package io.vigil.ingest.canonical;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import io.vigil.ingest.validation.CodedElement;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A patient's age stated as an ask-at-order-entry answer (LOINC 35659-2 age at specimen collection,
 * 30525-0 age, 21612-7 reported age), which over-the-counter and self-test apps send instead of a
 * birth date, as HHS's reporting guidance allows. Read as the span of birth dates that age gives on
 * the collection day, so the age band is known; never a day, so it is never part of a person key.
 */
public final class StatedAge {
  /** The LOINC codes of a stated age: at specimen collection, age, reported age. */
  public static final Set<String> AGE_LOINC = Set.of("35659-2", "30525-0", "21612-7");

  /**
   * NM {@code 39} or {@code 39.5} (completed units: the whole part), SN {@code =^39}, {@code ^39},
   * or {@code >^89} / {@code >=^90} (older than: HIPAA's 90+ written as a comparator).
   */
  private static final Pattern WHOLE = Pattern.compile("^(?:(=|>|>=)?\\^)?(\\d{1,3})(?:\\.\\d+)?$");

  private StatedAge() {}

  /**
   * The birth dates the first stated age among {@code orders} allows on {@code collected}, the day
   * the specimen was taken; empty without one, or with a unit other than years, months, weeks or
   * days.
   */
  static Optional<BirthDate> of(List<ORU_R01_ORDER_OBSERVATION> orders, LocalDate collected)
      throws HL7Exception {
    for (ORU_R01_ORDER_OBSERVATION order : orders) {
      for (var observation : order.getOBSERVATIONAll()) {
        OBX obx = observation.getOBX();
        Optional<String> loinc =
            CodedElement.of(obx.getObservationIdentifier()).codeIn(CodedElement.LOINC);
        if (loinc.isEmpty() || !AGE_LOINC.contains(loinc.get())) {
          continue;
        }
        if (obx.getObservationValueReps() == 0) {
          continue;
        }
        Type data = obx.getObservationValue(0).getData();
        if (data instanceof Varies v) {
          data = v.getData();
        }
        Matcher m = WHOLE.matcher(data.encode().strip());
        if (!m.matches()) {
          continue;
        }
        int n = Integer.parseInt(m.group(2));
        String comparator = m.group(1) == null ? "=" : m.group(1);
        // The unit's code, else the alternate's (a local unit first, UCUM's "a" second).
        CodedElement units = CodedElement.of(obx.getUnits());
        String unit = units.identifier().isEmpty() ? units.text() : units.identifier();
        if (unit(unit).isEmpty() && !units.alternateIdentifier().isEmpty()) {
          unit = units.alternateIdentifier();
        }
        Optional<BirthDate> span = of(comparator, n, unit, collected);
        if (span.isPresent()) {
          return span;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The birth dates an age of {@code n} whole {@code unit}s on {@code collected} allows: {@code =}
   * (or none) that age, {@code >} older, {@code >=} that age or older (years only); empty for a
   * unit {@link #unit} does not read or another comparator.
   */
  public static Optional<BirthDate> of(String comparator, int n, String unit, LocalDate collected) {
    return switch (comparator == null ? "=" : comparator) {
      case "=", "" -> span(n, unit, collected);
      case ">" -> olderThan(n + 1, unit, collected);
      case ">=" -> olderThan(n, unit, collected);
      default -> Optional.empty();
    };
  }

  /**
   * The unit a stated age is in ({@code a}, {@code mo}, {@code wk}, {@code d}), from the spellings
   * senders use: UCUM's, ANSI's {@code ANN}, words and their short forms; empty for anything else.
   */
  public static Optional<String> unit(String sent) {
    return switch (sent.strip().toLowerCase(Locale.ROOT)) {
      case "a", "ann", "yr", "yrs", "y", "year", "years", "" -> Optional.of("a");
      case "mo", "mos", "mon", "month", "months" -> Optional.of("mo");
      case "wk", "wks", "week", "weeks" -> Optional.of("wk");
      case "d", "dy", "dys", "day", "days" -> Optional.of("d");
      default -> Optional.empty();
    };
  }

  /**
   * Born after {@code n + 1} units before {@code day} and no later than {@code n} units before. An
   * age in days spans two days, for the hours the day was counted in: never a birth day, so never
   * part of a person key.
   */
  static Optional<BirthDate> span(int n, String unit, LocalDate day) {
    return unit(unit)
        .map(
            u ->
                switch (u) {
                  case "a" ->
                      new BirthDate(day.minusYears(n + 1L).plusDays(1), day.minusYears(n), day);
                  case "mo" ->
                      new BirthDate(day.minusMonths(n + 1L).plusDays(1), day.minusMonths(n), day);
                  case "wk" ->
                      new BirthDate(day.minusWeeks(n + 1L).plusDays(1), day.minusWeeks(n), day);
                  default -> new BirthDate(day.minusDays(n + 1L), day.minusDays(n), day);
                });
  }

  /** At least {@code n} years old on {@code day} (the years unit only): {@code >^89} is 90+. */
  static Optional<BirthDate> olderThan(int n, String unit, LocalDate day) {
    return unit(unit)
        .filter("a"::equals)
        .map(u -> new BirthDate(day.minusYears(130), day.minusYears(n), day));
  }
}
