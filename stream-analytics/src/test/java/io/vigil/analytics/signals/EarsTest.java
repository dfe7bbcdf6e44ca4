package io.vigil.analytics.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.analytics.job.AnalyticsConfig.EarsConfig;
import org.junit.jupiter.api.Test;

/**
 * Worked examples for the EARS statistics as defined in Fricker, Hegler and Dunfee (Stat Med 2008,
 * section 2.1, after Hutwagner et al. 2003): C1 = (Y_t − Ȳ_{t−7..t−1}) / S, C2 the same over
 * t−9..t−3, C3 = Σ_{i=0..2} max(0, C2_{t−i} − 1), S the sample standard deviation (n − 1). The
 * expected values are worked out independently here (Σx² form of the variance) and by hand in the
 * comments.
 */
class EarsTest {
  private static final EarsConfig NO_FLOOR = new EarsConfig(3, 3, 2, 0, 28);

  @Test
  void c1WorkedExample() {
    // Baseline 2,4,3,5,1,3,4: mean 22/7 = 3.142857; S = sqrt((80 - 7*(22/7)^2)/6) = 1.345185.
    // Y_t = 9: C1 = (9 - 3.142857) / 1.345185 = 4.354153 > 3 → alarm.
    long[] series = {2, 4, 3, 5, 1, 3, 4, 9};
    Ears.Result c1 = Ears.c1(series, NO_FLOOR);
    assertThat(c1.expected()).isCloseTo(22.0 / 7, within(1e-9));
    assertThat(c1.sigma()).isCloseTo(sampleSd(2, 4, 3, 5, 1, 3, 4), within(1e-9));
    assertThat(c1.sigma()).isCloseTo(1.345185, within(1e-6));
    assertThat(c1.statistic()).isCloseTo(4.354153, within(1e-6));
    assertThat(c1.alarm()).isTrue();
  }

  @Test
  void c2SkipsTheTwoGuardDays() {
    // Baseline t-9..t-3 = 2,4,3,5,1,3,4; the guard days t-2, t-1 hold 50, 60 and are ignored.
    long[] series = {2, 4, 3, 5, 1, 3, 4, 50, 60, 6};
    Ears.Result c2 = Ears.c2(series, NO_FLOOR);
    assertThat(c2.expected()).isCloseTo(22.0 / 7, within(1e-9));
    // (6 - 3.142857) / 1.345185 = 2.123977 ≤ 3: no alarm.
    assertThat(c2.statistic())
        .isCloseTo((6 - 22.0 / 7) / sampleSd(2, 4, 3, 5, 1, 3, 4), within(1e-9));
    assertThat(c2.statistic()).isCloseTo(2.123977, within(1e-6));
    assertThat(c2.alarm()).isFalse();
  }

  @Test
  void c3SumsTheC2ExcessesOfThreeDays() {
    // 12 days: an alternating baseline 3,1,3,1,... then 4, 5, 7.
    long[] series = {3, 1, 3, 1, 3, 1, 3, 1, 3, 4, 5, 7};
    double expected = 0;
    for (int t = 9; t <= 11; t++) {
      long[] baseline = new long[7];
      System.arraycopy(series, t - 9, baseline, 0, 7);
      double mean = mean(baseline);
      expected += Math.max(0, (series[t] - mean) / sampleSd(baseline) - 1);
    }
    // By hand: baselines alternate 3/1 → mean 15/7 or 13/7, S = 1.069045;
    // C2 = 1.737198, 2.939874, 4.543441 → C3 = 0.737198 + 1.939874 + 3.543441 = 6.220513.
    Ears.Result c3 = Ears.c3(series, NO_FLOOR);
    assertThat(c3.statistic()).isCloseTo(expected, within(1e-9));
    assertThat(c3.statistic()).isCloseTo(6.220513, within(1e-6));
    assertThat(c3.alarm()).isTrue();
  }

  @Test
  void minSigmaKeepsASparseSeriesFromAlarmingOnOneCase() {
    long[] series = {0, 0, 0, 0, 0, 0, 0, 1};
    assertThat(Ears.c1(series, NO_FLOOR).statistic()).isZero(); // S = 0: undefined, reported 0
    Ears.Result floored = Ears.c1(series, new EarsConfig(3, 3, 2, 1.0, 28));
    assertThat(floored.sigma()).isEqualTo(1.0);
    assertThat(floored.statistic()).isEqualTo(1.0);
    assertThat(floored.alarm()).isFalse();
    Ears.Result four = Ears.c1(new long[] {0, 0, 0, 0, 0, 0, 0, 4}, new EarsConfig(3, 3, 2, 1, 28));
    assertThat(four.statistic()).isEqualTo(4.0);
    assertThat(four.alarm()).isTrue();
  }

  private static double mean(long... xs) {
    double sum = 0;
    for (long x : xs) {
      sum += x;
    }
    return sum / xs.length;
  }

  private static double sampleSd(long... xs) {
    double sum = 0;
    double squares = 0;
    for (long x : xs) {
      sum += x;
      squares += (double) x * x;
    }
    int n = xs.length;
    return Math.sqrt((squares - sum * sum / n) / (n - 1));
  }
}
