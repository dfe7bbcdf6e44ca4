package io.vigil.ingest.trends;

import java.time.LocalDate;
import java.util.List;

/**
 * One row served to an analyst, after suppression.
 *
 * @param period day, or the Sunday starting the MMWR week
 * @param ageBand an age band or {@code all}
 * @param sex F, M, O, U or {@code all}
 * @param values per measure, the count, or null when withheld
 * @param suppressed names of the withheld measures
 */
public record AggregateRow(
    LocalDate period, String ageBand, String sex, Long[] values, List<String> suppressed) {}
