package io.vigil.hub.bench;

import io.vigil.hub.DevCredentials;
import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.hub.db.EmbeddedDatabase;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench soak}: a long steady load on an in-process hub that looks for leaks rather
 * than peak speed. Measures the hub's capacity briefly (closed-loop MLLP, as {@code bench mllp}) or
 * takes {@code --rate}, then offers half that rate over MLLP plus a trickle of FHIR Bundles for
 * {@code --duration}, and every {@code --sample} prints the hub's heap after a full GC, its open
 * file descriptors and live threads, and the interval's ACK latencies, ACKs and errors. Ends with a
 * {@link SoakVerdict}; exits 1 when it fails.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description =
        "Soak test: half the measured capacity for a long time; heap, file descriptors, threads and"
            + " p99 must stay flat.")
public final class SoakCommand implements Callable<Integer> {

  @Option(
      names = "--duration",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "How long the soak load runs, e.g. 10m, 90s (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--sample",
      defaultValue = "1m",
      converter = DurationConverter.class,
      description = "Sample interval (default: ${DEFAULT-VALUE}).")
  Duration sample;

  @Option(
      names = "--warmup",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Soak load before the first sample, not sampled (default: ${DEFAULT-VALUE}; the capacity"
              + " run already warms the hub, and the first sample counts as warm-up).")
  Duration warmup;

  @Option(
      names = "--rate",
      description = "MLLP messages per second to offer; default: half the capacity measured first.")
  Double rate;

  @Option(
      names = "--connections",
      defaultValue = "16",
      description = "MLLP connections of the soak load (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--fhir-rate",
      description =
          "FHIR Bundles per second beside the MLLP load (0: none); default: 2% of the MLLP rate,"
              + " at least 1.")
  Double fhirRate;

  @Option(
      names = "--capacity-messages",
      defaultValue = "30000",
      description =
          "Measured messages of the capacity run, after as many warm-up ones (default:"
              + " ${DEFAULT-VALUE}).")
  int capacityMessages;

  @Option(
      names = "--heap-tolerance-mib",
      defaultValue = "16",
      description =
          "Heap-after-GC growth over the run still counted as flat, at least (default:"
              + " ${DEFAULT-VALUE}; or 10% of the median heap when larger).")
  double heapToleranceMib;

  @Option(
      names = "--p99-factor",
      defaultValue = "2.0",
      description =
          "The last third's p99 may be this many times the first third's, plus 5 ms (default:"
              + " ${DEFAULT-VALUE}).")
  double p99Factor;

  @Option(
      names = "--db-url",
      description = "JDBC URL of PostgreSQL; default: start an embedded one in a temp dir.")
  String dbUrl;

  @Option(names = "--db-user", defaultValue = "postgres", description = "Database user.")
  String dbUser;

  @Option(names = "--db-password", defaultValue = "postgres", description = "Database password.")
  String dbPassword;

  @Option(
      names = "--seed",
      defaultValue = "20261204",
      description = "Seed of the message content (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--ack-timeout-seconds",
      defaultValue = "30",
      description = "Give up on an ACK after this long (default: ${DEFAULT-VALUE}).")
  int ackTimeoutSeconds;

  private final PrintStream out;

  /** For picocli: prints to standard output. */
  public SoakCommand() {
    this(System.out);
  }

  public SoakCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    if (duration.isNegative()
        || warmup.isNegative()
        || sample.isZero()
        || sample.isNegative()
        || sample.compareTo(duration) > 0
        || connections < 1
        || capacityMessages < 1
        || (rate != null && rate <= 0)
        || (fhirRate != null && fhirRate < 0)) {
      out.println(
          "--sample must be positive and at most --duration; --connections, --capacity-messages"
              + " and --rate must be positive; --fhir-rate >= 0");
      return 2;
    }
    String runId = MllpBenchCommand.runId();
    out.printf(
        Locale.ROOT,
        "vigil bench soak: %s, sample every %s, %d cores, Java %s, max heap %,d MiB, run id %s%n",
        human(duration),
        human(sample),
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        Runtime.getRuntime().maxMemory() >> 20,
        runId);
    Path work = Files.createTempDirectory("vigil-soak-");
    EmbeddedDatabase embedded = null;
    try {
      String url = dbUrl;
      String user = dbUser;
      String password = dbPassword;
      if (url == null) {
        out.println("starting embedded PostgreSQL ...");
        embedded = EmbeddedDatabase.start(work.resolve("pg"));
        url = embedded.jdbcUrl();
        user = embedded.user();
        password = embedded.password();
      }
      out.println("starting the Vigil hub in-process ...");
      HubConfig config =
          HubConfig.forDev(work.resolve("hub"))
              .withMllpPort(0)
              .withHttpPort(0)
              .withDatabase(url, user, password)
              // Same load, same 4 labs as bench mllp: a refusal would inflate the capacity.
              .withRateLimit(MllpBenchCommand.BENCH_RATE_LIMIT);
      try (VigilHub hub = VigilHub.start(config)) {
        List<SoakSample> samples = soak(hub, config, runId);
        SoakVerdict verdict =
            SoakVerdict.of(
                samples,
                new SoakVerdict.Tolerances(
                    heapToleranceMib,
                    SoakVerdict.Tolerances.defaults().heapFraction(),
                    SoakVerdict.Tolerances.defaults().fds(),
                    SoakVerdict.Tolerances.defaults().threads(),
                    p99Factor,
                    SoakVerdict.Tolerances.defaults().p99SlackMs()));
        out.println("verdict (first sample is warm-up when there are 4 or more):");
        verdict.checks().forEach(c -> out.println(c.line()));
        out.println(verdict.passed() ? "SOAK PASS" : "SOAK FAIL");
        return verdict.passed() ? 0 : 1;
      }
    } finally {
      if (embedded != null) {
        embedded.close();
      }
      MllpBenchCommand.deleteRecursively(work);
    }
  }

  private List<SoakSample> soak(VigilHub hub, HubConfig config, String runId) throws Exception {
    InetSocketAddress mllp = new InetSocketAddress("127.0.0.1", hub.mllpPort());
    ElrMessageFactory messages = new ElrMessageFactory(seed, runId, 1024, ZonedDateTime.now());
    long sequence = 0;
    double offered;
    if (rate != null) {
      offered = rate;
    } else {
      out.println("measuring capacity (closed loop, 32 connections) ...");
      MllpLoadGenerator.Result capacity =
          new BenchLoad(
                  out,
                  32,
                  capacityMessages,
                  capacityMessages,
                  Duration.ofSeconds(ackTimeoutSeconds))
              .run("capacity", mllp, messages, 0);
      sequence = 2L * capacityMessages;
      offered = capacity.msgsPerSecond() / 2;
    }
    double fhir = fhirRate != null ? fhirRate : Math.max(1, offered / 50);
    out.printf(
        Locale.ROOT,
        "soak load: %,.0f MLLP msgs/s on %d connections%s for %s%n",
        offered,
        connections,
        fhir > 0 ? String.format(Locale.ROOT, " + %,.1f FHIR Bundles/s", fhir) : "",
        human(duration));
    SoakWindow window = new SoakWindow();
    List<SoakSample> samples = new ArrayList<>();
    PacedFhirLoad fhirLoad =
        fhir > 0
            ? new PacedFhirLoad(
                hub.httpPort(),
                DevCredentials.bearer(config.dataDir(), "sender"),
                new FhirBundleFactory(seed, runId, 64, 10, ZonedDateTime.now()),
                fhir,
                window)
            : null;
    try (PacedMllpLoad load =
        new PacedMllpLoad(
            mllp,
            messages,
            sequence,
            connections,
            offered,
            Duration.ofSeconds(ackTimeoutSeconds),
            window)) {
      load.start();
      if (fhirLoad != null) {
        fhirLoad.start();
      }
      if (!warmup.isZero()) {
        parkUntil(System.nanoTime() + warmup.toNanos());
        SoakWindow.Traffic w = window.drain();
        out.printf(
            Locale.ROOT,
            "[soak] warm-up %s: %,d acks (errors %,d), %,d FHIR answers, not sampled%n",
            human(warmup),
            w.acks(),
            w.errors(),
            w.httpOk() + w.httpErrors());
      }
      long start = System.nanoTime();
      for (long at = sample.toNanos(); at <= duration.toNanos(); at += sample.toNanos()) {
        parkUntil(start + at);
        SoakWindow.Traffic t = window.drain();
        ProcessMemory memory = ProcessMemory.sampleAfterGc();
        SoakSample s =
            new SoakSample(
                Duration.ofNanos(System.nanoTime() - start),
                memory.heapUsedMib(),
                openFds(),
                ManagementFactory.getThreadMXBean().getThreadCount(),
                t.acks(),
                t.nonAa(),
                t.errors(),
                t.p50Ms(),
                t.p99Ms(),
                t.httpOk(),
                t.httpErrors());
        out.println(s.line());
        samples.add(s);
      }
    } finally {
      if (fhirLoad != null) {
        fhirLoad.close();
      }
    }
    return samples;
  }

  private static void parkUntil(long deadline) {
    for (long now = System.nanoTime(); now < deadline; now = System.nanoTime()) {
      LockSupport.parkNanos(deadline - now);
    }
  }

  /** Open file descriptors of this process (the hub's), or -1 without procfs. */
  static long openFds() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (java.io.IOException | UnsupportedOperationException e) {
      return -1;
    }
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s % 60 == 0 && s > 0 ? (s / 60) + " min" : s + " s";
  }

  /** {@code 90s}, {@code 10m}, {@code 1h}, {@code 500ms}, or ISO-8601 ({@code PT10M}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
      Matcher m = SHORT.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        return Duration.parse(value.trim());
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
  }
}
