package io.vigil.hub.bench;

import java.io.PrintStream;
import java.util.Locale;

/** The result table of {@code vigil bench mllp} and its verdict against the targets. */
final class BenchReport {
  private static final String ROW = "%-22s %10s %8s %8s %8s %8s %8s %8s %9s %8s%n";

  private final PrintStream out;

  BenchReport(PrintStream out) {
    this.out = out;
  }

  /**
   * Prints both phases (either may be null: skipped or failed) and the verdict.
   *
   * @return true if every target was met
   */
  boolean print(MllpBenchCommand.Phase baseline, MllpBenchCommand.Phase vigil) {
    out.println();
    out.printf(
        Locale.ROOT,
        ROW,
        "receiver",
        "msgs/s",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "max ms",
        "non-AA",
        "errors",
        "heap MiB",
        "RSS MiB");
    row(baseline);
    row(vigil);
    out.println(
        "(heap: JVM heap used after a full GC; heap and RSS are of the JVM running both the");
    out.println(" load generator and the in-process receiver)");
    if (vigil == null) {
      out.println("verdict: no Vigil result");
      return false;
    }
    MllpLoadGenerator.Result v = vigil.result();
    boolean met = true;
    if (baseline != null && baseline.result().msgsPerSecond() > 0) {
      double ratio = v.msgsPerSecond() / baseline.result().msgsPerSecond();
      out.printf(Locale.ROOT, "ratio vigil/baseline: %.1fx%n", ratio);
      met &=
          verdict(
              String.format(Locale.ROOT, ">= %.0fx baseline", MllpBenchCommand.TARGET_RATIO),
              ratio >= MllpBenchCommand.TARGET_RATIO,
              String.format(Locale.ROOT, "%.1fx", ratio));
    } else {
      out.println("ratio vigil/baseline: n/a (no baseline run)");
    }
    met &=
        verdict(
            String.format(Locale.ROOT, ">= %,.0f msgs/s", MllpBenchCommand.TARGET_MSGS_PER_SECOND),
            v.msgsPerSecond() >= MllpBenchCommand.TARGET_MSGS_PER_SECOND,
            String.format(Locale.ROOT, "%,.0f msgs/s", v.msgsPerSecond()));
    met &=
        verdict(
            String.format(Locale.ROOT, "p99 ACK <= %.0f ms", MllpBenchCommand.TARGET_P99_MS),
            v.p99Ms() <= MllpBenchCommand.TARGET_P99_MS,
            String.format(Locale.ROOT, "%.2f ms", v.p99Ms()));
    met &=
        verdict(
            "every message AA",
            v.errors() == 0 && v.nonAa() == 0,
            String.format(Locale.ROOT, "%,d non-AA, %,d errors", v.nonAa(), v.errors()));
    return met;
  }

  private void row(MllpBenchCommand.Phase phase) {
    if (phase == null) {
      return;
    }
    MllpLoadGenerator.Result r = phase.result();
    out.printf(
        Locale.ROOT,
        ROW,
        phase.name(),
        String.format(Locale.ROOT, "%,.0f", r.msgsPerSecond()),
        ms(r.p50Ms()),
        ms(r.p90Ms()),
        ms(r.p99Ms()),
        ms(r.maxMs()),
        String.format(Locale.ROOT, "%,d", r.nonAa()),
        String.format(Locale.ROOT, "%,d", r.errors()),
        phase.heapMib() < 0 ? "-" : String.format(Locale.ROOT, "%,d", phase.heapMib()),
        phase.rssMib() < 0 ? "-" : String.format(Locale.ROOT, "%,d", phase.rssMib()));
  }

  private boolean verdict(String target, boolean pass, String actual) {
    out.printf(Locale.ROOT, "  %-22s %-5s (%s)%n", target, pass ? "PASS" : "MISS", actual);
    return pass;
  }

  private static String ms(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
