package io.vigil.analytics.signals;

import io.vigil.analytics.job.AnalyticsConfig.EarsConfig;

/**
 * The CDC Early Aberration Reporting System statistics C1, C2 and C3 on a daily count series
 * (Hutwagner et al., "The bioterrorism preparedness and response Early Aberration Reporting System
 * (EARS)", J Urban Health 2003; definitions as in Fricker, Hegler and Dunfee, "Comparing syndromic
 * surveillance detection methods: EARS' versus a CUSUM-based methodology", Stat Med 2008):
 *
 * <ul>
 *   <li>C1: baseline = the 7 days before day t; C1 = (Y_t − mean) / sd.
 *   <li>C2: baseline = days t−9 … t−3 (a two-day guard band); C2 = (Y_t − mean) / sd.
 *   <li>C3: Σ_{i=0..2} max(0, C2_{t−i} − 1).
 * </ul>
 *
 * The sd is the sample standard deviation (n − 1 = 6) floored at {@code minSigma}. Pure functions.
 */
public final class Ears {
  /** Days a C1 baseline needs before day t. */
  public static final int C1_HISTORY = 7;

  /** Days a C2 baseline needs before day t (7 days plus the 2-day guard band). */
  public static final int C2_HISTORY = 9;

  /** Days a C3 value needs before day t (C2 on t−2 needs 9 more). */
  public static final int C3_HISTORY = 11;

  private Ears() {}

  /** One statistic: expected = baseline mean, sigma = floored sample sd. */
  public record Result(
      String method,
      long observed,
      double expected,
      double sigma,
      double statistic,
      double threshold,
      boolean alarm) {}

  /**
   * C1 for the last element of {@code series}; {@code series[series.length-1]} is day t, earlier
   * elements the days before it (at least 7).
   */
  public static Result c1(long[] series, EarsConfig config) {
    int t = series.length - 1;
    return score("C1", series[t], series, t - 7, t - 1, config.minSigma(), config.c1Threshold());
  }

  /** C2 for the last element of {@code series} (at least 9 earlier days). */
  public static Result c2(long[] series, EarsConfig config) {
    return c2At(series, series.length - 1, config);
  }

  /** C3 for the last element of {@code series} (at least 11 earlier days). */
  public static Result c3(long[] series, EarsConfig config) {
    int t = series.length - 1;
    double sum = 0;
    for (int i = 0; i <= 2; i++) {
      sum += Math.max(0, c2At(series, t - i, config).statistic() - 1);
    }
    Result today = c2At(series, t, config);
    return new Result(
        "C3",
        series[t],
        today.expected(),
        today.sigma(),
        sum,
        config.c3Threshold(),
        sum > config.c3Threshold());
  }

  private static Result c2At(long[] series, int t, EarsConfig config) {
    return score("C2", series[t], series, t - 9, t - 3, config.minSigma(), config.c2Threshold());
  }

  private static Result score(
      String method, long observed, long[] s, int from, int to, double minSigma, double threshold) {
    int n = to - from + 1;
    double mean = 0;
    for (int i = from; i <= to; i++) {
      mean += s[i];
    }
    mean /= n;
    double squares = 0;
    for (int i = from; i <= to; i++) {
      squares += (s[i] - mean) * (s[i] - mean);
    }
    double sigma = Math.max(Math.sqrt(squares / (n - 1)), minSigma);
    double statistic = sigma == 0 ? 0 : (observed - mean) / sigma;
    return new Result(method, observed, mean, sigma, statistic, threshold, statistic > threshold);
  }
}
