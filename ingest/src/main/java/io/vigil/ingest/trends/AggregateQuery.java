package io.vigil.ingest.trends;

import io.vertx.core.MultiMap;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The parameters of an aggregate request, validated.
 *
 * @param subject the condition (trends, signals) or vaccine group (doses); empty for all
 * @param jurisdiction {@code *} (all), a two-digit state FIPS or a five-digit county FIPS
 * @param from first day, inclusive
 * @param to last day, inclusive
 * @param weekly true for MMWR weeks, false for days
 * @param byAgeBand break down by age band
 * @param bySex break down by sex
 * @param csv answer as CSV instead of JSON
 */
public record AggregateQuery(
    Optional<String> subject,
    String jurisdiction,
    LocalDate from,
    LocalDate to,
    boolean weekly,
    boolean byAgeBand,
    boolean bySex,
    boolean csv) {

  /** Longest range served at once: about ten years of weeks or two years of days. */
  static final int MAX_PERIODS = 730;

  /** Reads and checks the query string; {@code subjectParam} is e.g. {@code condition}. */
  public static AggregateQuery parse(
      MultiMap params, String subjectParam, boolean subjectRequired, String accept, LocalDate today)
      throws BadQueryException {
    String subject = params.get(subjectParam);
    if (subjectRequired && (subject == null || subject.isBlank())) {
      throw new BadQueryException(
          "MISSING_" + subjectParam.toUpperCase(Locale.ROOT),
          "Query parameter " + subjectParam + " is required");
    }
    String jurisdiction = Optional.ofNullable(params.get("jurisdiction")).orElse("*").trim();
    if (jurisdiction.isEmpty() || jurisdiction.equalsIgnoreCase("all")) {
      jurisdiction = "*";
    }
    if (!jurisdiction.equals("*") && !jurisdiction.matches("\\d{2}|\\d{5}")) {
      throw new BadQueryException(
          "BAD_JURISDICTION", "jurisdiction is a 2-digit state or 5-digit county FIPS code");
    }
    String granularity = Optional.ofNullable(params.get("granularity")).orElse("week");
    if (!granularity.equals("week") && !granularity.equals("day")) {
      throw new BadQueryException("BAD_GRANULARITY", "granularity is day or week");
    }
    boolean weekly = granularity.equals("week");
    LocalDate to = date(params.get("to"), today, "to");
    LocalDate from = date(params.get("from"), to.minusWeeks(12), "from");
    if (from.isAfter(to)) {
      throw new BadQueryException("BAD_RANGE", "from is after to");
    }
    long periods = ChronoUnit.DAYS.between(from, to) / (weekly ? 7 : 1);
    if (periods > MAX_PERIODS) {
      throw new BadQueryException("RANGE_TOO_LONG", "at most " + MAX_PERIODS + " periods at once");
    }
    List<String> breakdown = new ArrayList<>();
    for (String b : params.getAll("breakdown")) {
      for (String part : b.split(",")) {
        if (!part.isBlank()) {
          breakdown.add(part.trim().toLowerCase(Locale.ROOT).replace("ageband", "age_band"));
        }
      }
    }
    for (String b : breakdown) {
      if (!b.equals("age_band") && !b.equals("sex")) {
        throw new BadQueryException("BAD_BREAKDOWN", "breakdown is age_band and/or sex");
      }
    }
    String format = params.get("format");
    boolean csv =
        format != null
            ? format.equalsIgnoreCase("csv")
            : accept != null && accept.contains("text/csv");
    if (format != null && !format.equalsIgnoreCase("csv") && !format.equalsIgnoreCase("json")) {
      throw new BadQueryException("BAD_FORMAT", "format is json or csv");
    }
    return new AggregateQuery(
        Optional.ofNullable(subject).filter(s -> !s.isBlank()),
        jurisdiction,
        from,
        to,
        weekly,
        breakdown.contains("age_band"),
        breakdown.contains("sex"),
        csv);
  }

  private static LocalDate date(String value, LocalDate fallback, String name)
      throws BadQueryException {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new BadQueryException("BAD_DATE", name + " is a date like 2026-01-31");
    }
  }

  /** A request the API refuses with 400. */
  public static final class BadQueryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;

    public BadQueryException(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }
}
