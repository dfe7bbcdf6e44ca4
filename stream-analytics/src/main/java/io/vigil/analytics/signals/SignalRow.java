package io.vigil.analytics.signals;

/**
 * One row of table {@code signal}: an EARS statistic for a condition × state × county on a day.
 *
 * @param condition condition code
 * @param stateFips state FIPS or {@code ""}
 * @param countyFips county FIPS or {@code ""}
 * @param day the evaluated day (epoch day)
 * @param method {@code C1}, {@code C2} or {@code C3}
 * @param observed new cases on the day
 * @param expected baseline mean
 * @param sigma baseline standard deviation after the minSigma floor
 * @param statistic the method's statistic
 * @param threshold the alarm threshold in force
 * @param alarm statistic above threshold
 */
public record SignalRow(
    String condition,
    String stateFips,
    String countyFips,
    long day,
    String method,
    long observed,
    double expected,
    double sigma,
    double statistic,
    double threshold,
    boolean alarm) {}
