package io.vigil.hub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Whether a soak run stayed steady. The first sample is warm-up (JIT, pools and caches filling) and
 * is left out when there are four or more; the rest must show:
 *
 * <ul>
 *   <li>heap after GC flat: its least-squares slope over the run, times the run's length, within
 *       {@code max(heapMib, heapFraction × median heap)};
 *   <li>open file descriptors and live threads not growing: the same projected growth within {@code
 *       fds} and {@code threads};
 *   <li>latency not degrading: the mean p99 of the last third of the samples at most {@code
 *       p99Factor} times that of the first third, plus {@code p99SlackMs} (milliseconds of noise
 *       that a fast first third would otherwise turn into a failure);
 *   <li>no MLLP or HTTP errors and every ACK {@code AA}.
 * </ul>
 *
 * @param checks each check with its figures
 */
record SoakVerdict(List<Check> checks) {

  /** One named check. */
  record Check(String name, boolean passed, String detail) {
    String line() {
      return String.format(Locale.ROOT, "  %-22s %s  %s", name, passed ? "PASS" : "FAIL", detail);
    }
  }

  /** How much change still counts as steady. */
  record Tolerances(
      double heapMib,
      double heapFraction,
      double fds,
      double threads,
      double p99Factor,
      double p99SlackMs) {

    static Tolerances defaults() {
      return new Tolerances(16, 0.10, 8, 4, 2.0, 5.0);
    }

    Tolerances withP99Factor(double factor) {
      return new Tolerances(heapMib, heapFraction, fds, threads, factor, p99SlackMs);
    }
  }

  static final int MIN_SAMPLES = 3;

  boolean passed() {
    return checks.stream().allMatch(Check::passed);
  }

  static SoakVerdict of(List<SoakSample> all, Tolerances t) {
    List<SoakSample> s = all.size() >= MIN_SAMPLES + 1 ? all.subList(1, all.size()) : all;
    List<Check> checks = new ArrayList<>();
    if (s.size() < MIN_SAMPLES) {
      checks.add(
          new Check(
              "samples",
              false,
              String.format(
                  Locale.ROOT,
                  "%d samples; at least %d after the warm-up one are needed",
                  all.size(),
                  MIN_SAMPLES)));
      return new SoakVerdict(checks);
    }
    double span = s.get(s.size() - 1).minutes() - s.get(0).minutes();
    double medianHeap = median(s, x -> x.heapAfterGcMib());
    double heapLimit = Math.max(t.heapMib(), t.heapFraction() * medianHeap);
    checks.add(growth("heap after GC", s, SoakSample::heapAfterGcMib, span, heapLimit, "MiB"));
    if (s.stream().allMatch(x -> x.openFds() >= 0)) {
      checks.add(growth("open file descriptors", s, SoakSample::openFds, span, t.fds(), ""));
    }
    checks.add(growth("live threads", s, SoakSample::liveThreads, span, t.threads(), ""));
    int k = Math.max(1, s.size() / 3);
    double first = mean(s.subList(0, k), SoakSample::p99Ms);
    double last = mean(s.subList(s.size() - k, s.size()), SoakSample::p99Ms);
    double limit = t.p99Factor() * first + t.p99SlackMs();
    checks.add(
        new Check(
            "p99 ACK latency",
            last <= limit,
            String.format(
                Locale.ROOT,
                "last %d sample(s) %.2f ms vs first %.2f ms (limit %.1f × first + %.0f ms = %.2f"
                    + " ms)",
                k,
                last,
                first,
                t.p99Factor(),
                t.p99SlackMs(),
                limit)));
    long acks = all.stream().mapToLong(SoakSample::acks).sum();
    long nonAa = all.stream().mapToLong(SoakSample::nonAa).sum();
    long errors = all.stream().mapToLong(SoakSample::errors).sum();
    long httpOk = all.stream().mapToLong(SoakSample::httpOk).sum();
    long httpErrors = all.stream().mapToLong(SoakSample::httpErrors).sum();
    checks.add(
        new Check(
            "errors",
            acks > 0 && nonAa == 0 && errors == 0 && httpErrors == 0,
            String.format(
                Locale.ROOT,
                "%,d ACKs (non-AA %,d), MLLP errors %,d; FHIR ok %,d, errors %,d",
                acks,
                nonAa,
                errors,
                httpOk,
                httpErrors)));
    return new SoakVerdict(checks);
  }

  /** The least-squares slope of {@code value} per minute, projected over {@code span} minutes. */
  private static Check growth(
      String name,
      List<SoakSample> s,
      ToDoubleFunction<SoakSample> value,
      double span,
      double limit,
      String unit) {
    double slope = slopePerMinute(s, value);
    double growth = slope * span;
    String u = unit.isEmpty() ? "" : " " + unit;
    return new Check(
        name,
        growth <= limit,
        String.format(
            Locale.ROOT,
            "%.0f → %.0f%s; slope %+.2f%s/min, %+.1f%s over %.1f min (tolerance %.0f%s)",
            value.applyAsDouble(s.get(0)),
            value.applyAsDouble(s.get(s.size() - 1)),
            u,
            slope,
            u,
            growth,
            u,
            span,
            limit,
            u));
  }

  static double slopePerMinute(List<SoakSample> s, ToDoubleFunction<SoakSample> value) {
    double mx = mean(s, SoakSample::minutes);
    double my = mean(s, value);
    double num = 0;
    double den = 0;
    for (SoakSample x : s) {
      double dx = x.minutes() - mx;
      num += dx * (value.applyAsDouble(x) - my);
      den += dx * dx;
    }
    return den == 0 ? 0 : num / den;
  }

  private static double mean(List<SoakSample> s, ToDoubleFunction<SoakSample> value) {
    return s.stream().mapToDouble(value).average().orElse(0);
  }

  private static double median(List<SoakSample> s, ToDoubleFunction<SoakSample> value) {
    double[] v = s.stream().mapToDouble(value).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
