package io.vigil.analytics.trends;

import java.util.Arrays;

/**
 * One aggregate cell (a row of {@code trend_daily}, {@code trend_weekly} or {@code dose_weekly}):
 * its dimensions, its period and its counts. Flowing into {@link CellAggregator} the counts are
 * deltas; flowing out they are the cell's absolute totals. A Flink POJO (public fields, no-arg
 * constructor) so it is serialized without Kryo.
 */
public final class Cell {
  /** Granularity of a {@code trend_daily} cell. */
  public static final String DAY = "D";

  /** Granularity of a {@code trend_weekly} cell. */
  public static final String WEEK = "W";

  /** Granularity of a {@code dose_weekly} cell. */
  public static final String DOSE_WEEK = "V";

  /** {@link #DAY}, {@link #WEEK} or {@link #DOSE_WEEK}. */
  public String granularity;

  /** Condition code (trends) or vaccine group (doses). */
  public String subject;

  public String stateFips;
  public String countyFips;
  public String zip3;
  public String ageBand;

  /** Sex; {@code ""} for dose cells, which are not split by sex. */
  public String sex;

  /** First day of the period (epoch day): the day itself, or the Sunday of the MMWR week. */
  public long periodStart;

  /** Trends: tests, positives, new cases. Doses: doses. */
  public long[] counts;

  public Cell() {}

  public Cell(
      String granularity,
      String subject,
      String stateFips,
      String countyFips,
      String zip3,
      String ageBand,
      String sex,
      long periodStart,
      long[] counts) {
    this.granularity = granularity;
    this.subject = subject;
    this.stateFips = stateFips;
    this.countyFips = countyFips;
    this.zip3 = zip3;
    this.ageBand = ageBand;
    this.sex = sex;
    this.periodStart = periodStart;
    this.counts = counts;
  }

  /** The cell key (all dimensions and the period). */
  public String key() {
    return granularity
        + '|'
        + subject
        + '|'
        + stateFips
        + '|'
        + countyFips
        + '|'
        + zip3
        + '|'
        + ageBand
        + '|'
        + sex
        + '|'
        + periodStart;
  }

  Cell copy() {
    return new Cell(
        granularity,
        subject,
        stateFips,
        countyFips,
        zip3,
        ageBand,
        sex,
        periodStart,
        counts.clone());
  }

  @Override
  public String toString() {
    return key() + Arrays.toString(counts);
  }
}
