package io.vigil.analytics.cases;

/**
 * Contribution of one lab result to the trend cells: always one test, a positive when the result
 * was positive, and a new-case delta from {@link EpisodeDeduplicator} (+1 for a person's first
 * positive in an episode, -1 on the day a case is moved away from when a late report shows an
 * earlier start of the same episode).
 *
 * @param condition condition code
 * @param stateFips state FIPS or {@code ""}
 * @param countyFips county FIPS or {@code ""}
 * @param zip3 ZIP3 or {@code ""}
 * @param ageBand age band or {@code ""}
 * @param sex sex or {@code ""}
 * @param day event day (epoch day)
 * @param tests tests delta
 * @param positives positives delta
 * @param newCases new-case delta
 */
public record LabCount(
    String condition,
    String stateFips,
    String countyFips,
    String zip3,
    String ageBand,
    String sex,
    long day,
    int tests,
    int positives,
    int newCases) {}
