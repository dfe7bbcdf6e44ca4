package io.vigil.hub.bench;

import io.vigil.hub.DevCredentials;
import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.hub.db.EmbeddedDatabase;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench fhir}: the FHIR ingest benchmark. Sends the same closed-loop load of realistic
 * lab message Bundles first to a receiver built the usual way ({@link BaselineFhirReceiver}: HAPI
 * parse, full profile validation, one INSERT + COMMIT per Bundle), then to the Vigil hub's {@code
 * $process-message}, and prints resources/s, latency and the verdict against the targets.
 */
@Command(
    name = "fhir",
    mixinStandardHelpOptions = true,
    description = "FHIR R4 ingest benchmark: Vigil hub vs HAPI parse+validate+insert, same DB.")
public final class FhirBenchCommand implements Callable<Integer> {
  static final double TARGET_RESOURCES_PER_SECOND = 3_000;
  static final double TARGET_P99_MS = 100;

  @Option(names = "--clients", defaultValue = "8", description = "Concurrent requests.")
  int clients;

  @Option(names = "--entries", defaultValue = "10", description = "Entries per Bundle (6-40).")
  int entries;

  @Option(names = "--bundles", defaultValue = "20000", description = "Measured Bundles (Vigil).")
  int bundles;

  @Option(names = "--warmup", defaultValue = "5000", description = "Warm-up Bundles (Vigil).")
  int warmup;

  @Option(
      names = "--baseline-bundles",
      defaultValue = "600",
      description = "Measured Bundles for the baseline (it is ~50x slower).")
  int baselineBundles;

  @Option(names = "--baseline-warmup", defaultValue = "200", description = "Baseline warm-up.")
  int baselineWarmup;

  @Option(names = "--skip-baseline", description = "Do not run the baseline.")
  boolean skipBaseline;

  @Option(names = "--seed", defaultValue = "20261122", description = "Content seed.")
  long seed;

  @Option(names = "--fail-on-miss", description = "Exit 1 when a target is missed.")
  boolean failOnMiss;

  private final PrintStream out;

  public FhirBenchCommand() {
    this(System.out);
  }

  public FhirBenchCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    String runId = MllpBenchCommand.runId();
    FhirBundleFactory factory =
        new FhirBundleFactory(seed, runId, 512, entries, ZonedDateTime.now());
    out.printf(
        Locale.ROOT,
        "vigil bench fhir: %d clients, %d-entry Bundles, %,d (+%,d warm-up) Bundles to Vigil,"
            + " %,d (+%,d) to the baseline, %d cores, Java %s, run id %s%n",
        clients,
        entries,
        bundles,
        warmup,
        baselineBundles,
        baselineWarmup,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        runId);
    Path work = Files.createTempDirectory("vigil-bench-fhir-");
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(work.resolve("pg"))) {
      FhirLoadGenerator.Result baseline = null;
      if (!skipBaseline) {
        out.println("starting baseline (HAPI parse + FhirInstanceValidator + INSERT/COMMIT) ...");
        try (BaselineFhirReceiver b =
            BaselineFhirReceiver.start(
                pg.jdbcUrl(), pg.user(), pg.password(), clients, factory.bundle(-1))) {
          FhirLoadGenerator gen =
              new FhirLoadGenerator("127.0.0.1", b.port(), "/", clients, 201, null);
          baseline = measure("baseline", gen, 0, baselineWarmup, baselineBundles, factory);
        }
      }
      out.println("starting the Vigil hub in-process ...");
      HubConfig config =
          HubConfig.forDev(work.resolve("hub"))
              .withMllpPort(0)
              .withHttpPort(0)
              .withDatabase(pg.jdbcUrl(), pg.user(), pg.password());
      FhirLoadGenerator.Result vigil;
      try (VigilHub hub = VigilHub.start(config)) {
        FhirLoadGenerator gen =
            new FhirLoadGenerator(
                "127.0.0.1",
                hub.httpPort(),
                "/fhir/r4/$process-message",
                clients,
                200,
                DevCredentials.bearer(config.dataDir(), "sender"));
        vigil = measure("vigil", gen, 1_000_000_000L, warmup, bundles, factory);
      }
      boolean ok = vigil.errors() == 0 && vigil.notOk() == 0;
      return report(baseline, vigil) || !failOnMiss ? (ok ? 0 : 1) : 1;
    } finally {
      MllpBenchCommand.deleteRecursively(work);
    }
  }

  private FhirLoadGenerator.Result measure(
      String label,
      FhirLoadGenerator gen,
      long first,
      int warm,
      int measured,
      FhirBundleFactory factory)
      throws Exception {
    if (warm > 0) {
      out.printf(Locale.ROOT, "[%s] warm-up: %,d Bundles%n", label, warm);
      FhirLoadGenerator.Result w = gen.run(first, warm, factory::bundle);
      out.printf(
          Locale.ROOT,
          "[%s] warm-up: %,.0f Bundles/s, not-ok %,d, errors %,d%n",
          label,
          w.perSecond(),
          w.notOk(),
          w.errors());
    }
    out.printf(Locale.ROOT, "[%s] measuring: %,d Bundles%n", label, measured);
    FhirLoadGenerator.Result r = gen.run(first + warm, measured, factory::bundle);
    if (gen.firstNotOk() != null) {
      out.printf(Locale.ROOT, "[%s] first answer that was not ok: %s%n", label, gen.firstNotOk());
    }
    out.printf(
        Locale.ROOT,
        "[%s] %,d Bundles in %.2f s = %,.0f Bundles/s = %,.0f resources/s, p50 %.2f ms,"
            + " p99 %.2f ms, not-ok %,d, errors %,d%n",
        label,
        r.requests(),
        r.seconds(),
        r.perSecond(),
        r.perSecond() * entries,
        r.p50Ms(),
        r.p99Ms(),
        r.notOk(),
        r.errors());
    return r;
  }

  private boolean report(FhirLoadGenerator.Result baseline, FhirLoadGenerator.Result vigil) {
    String row = "%-34s %10s %12s %8s %8s %8s %8s %7s %7s%n";
    out.println();
    out.printf(
        Locale.ROOT,
        row,
        "receiver",
        "Bundles/s",
        "resources/s",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "max ms",
        "not-ok",
        "errors");
    if (baseline != null) {
      print(row, "baseline (parse+validate+insert)", baseline);
    }
    print(row, "vigil ($process-message)", vigil);
    double rps = vigil.perSecond() * entries;
    boolean met = true;
    if (baseline != null) {
      out.printf(
          Locale.ROOT, "ratio vigil/baseline: %.1fx%n", vigil.perSecond() / baseline.perSecond());
    }
    met &=
        verdict(
            String.format(Locale.ROOT, ">= %,.0f resources/s", TARGET_RESOURCES_PER_SECOND),
            rps >= TARGET_RESOURCES_PER_SECOND,
            String.format(Locale.ROOT, "%,.0f resources/s", rps));
    met &=
        verdict(
            String.format(Locale.ROOT, "p99 <= %.0f ms", TARGET_P99_MS),
            vigil.p99Ms() <= TARGET_P99_MS,
            String.format(Locale.ROOT, "%.2f ms", vigil.p99Ms()));
    met &=
        verdict(
            "every Bundle ok",
            vigil.notOk() == 0 && vigil.errors() == 0,
            String.format(Locale.ROOT, "%,d not-ok, %,d errors", vigil.notOk(), vigil.errors()));
    return met;
  }

  private void print(String row, String name, FhirLoadGenerator.Result r) {
    out.printf(
        Locale.ROOT,
        row,
        name,
        String.format(Locale.ROOT, "%,.0f", r.perSecond()),
        String.format(Locale.ROOT, "%,.0f", r.perSecond() * entries),
        String.format(Locale.ROOT, "%.2f", r.p50Ms()),
        String.format(Locale.ROOT, "%.2f", r.p90Ms()),
        String.format(Locale.ROOT, "%.2f", r.p99Ms()),
        String.format(Locale.ROOT, "%.2f", r.maxMs()),
        String.format(Locale.ROOT, "%,d", r.notOk()),
        String.format(Locale.ROOT, "%,d", r.errors()));
  }

  private boolean verdict(String target, boolean pass, String actual) {
    out.printf(Locale.ROOT, "  %-22s %-5s (%s)%n", target, pass ? "PASS" : "MISS", actual);
    return pass;
  }
}
