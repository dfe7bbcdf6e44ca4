package io.vigil.hub.bench;

import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.hub.db.EmbeddedDatabase;
import io.vigil.ingest.intake.RateLimitConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench mllp}: the MLLP ingest benchmark. Runs the same closed-loop ELR load first
 * against a plain HAPI receiver that commits each message on its own ({@link
 * BaselineMllpReceiver}), then against the Vigil hub, and prints throughput, ACK latency, memory
 * and the verdict against the targets.
 */
@Command(
    name = "mllp",
    mixinStandardHelpOptions = true,
    description =
        "MLLP ingest benchmark: Vigil hub vs a plain HAPI receiver, on the same PostgreSQL.")
public final class MllpBenchCommand implements Callable<Integer> {
  static final double TARGET_RATIO = 10.0;
  static final double TARGET_MSGS_PER_SECOND = 5_000;
  static final double TARGET_P99_MS = 50;
  private static final int TEMPLATE_VARIANTS = 1024;

  /**
   * The generator's messages come from 4 labs, so at 4,000 msgs/s each sends ~1,000/s, the default
   * per-facility limit: the hub would answer the excess {@code AR RATE_LIMITED}, which measures the
   * limit, not the hub. The limiter stays in the path (its cost is measured) but never refuses.
   */
  static final RateLimitConfig BENCH_RATE_LIMIT = new RateLimitConfig(100_000, 200_000);

  @Option(
      names = "--connections",
      defaultValue = "32",
      description = "Concurrent MLLP connections (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--messages",
      defaultValue = "50000",
      description = "Measured messages per receiver (default: ${DEFAULT-VALUE}).")
  int messages;

  @Option(
      names = "--warmup",
      defaultValue = "30000",
      description =
          "Unmeasured warm-up messages per receiver (default: ${DEFAULT-VALUE}; HAPI's code keeps"
              + " being JIT-compiled for tens of thousands of messages).")
  int warmup;

  @Option(
      names = "--settle-seconds",
      defaultValue = "60",
      description =
          "After the warm-up, keep warming up in rounds until this JVM's JIT compilers are nearly"
              + " idle, for at most this long (default: ${DEFAULT-VALUE}; 0: measure right after"
              + " --warmup). The receivers run in this JVM unless --target is given.")
  int settleSeconds;

  @Option(
      names = "--db-url",
      description = "JDBC URL of PostgreSQL; default: start an embedded one in a temp dir.")
  String dbUrl;

  @Option(
      names = "--db-user",
      defaultValue = "postgres",
      description = "Database user (default: ${DEFAULT-VALUE}).")
  String dbUser;

  @Option(
      names = "--db-password",
      defaultValue = "postgres",
      description = "Database password (default: ${DEFAULT-VALUE}).")
  String dbPassword;

  @Option(
      names = "--target",
      paramLabel = "host:port",
      description = "Bench an already-running hub's MLLP port instead of starting one in-process.")
  String target;

  @Option(names = "--skip-baseline", description = "Do not run the HAPI baseline.")
  boolean skipBaseline;

  @Option(
      names = "--baseline-pool",
      defaultValue = "32",
      description = "JDBC pool size of the baseline receiver (default: ${DEFAULT-VALUE}).")
  int baselinePool;

  @Option(
      names = "--seed",
      defaultValue = "20261122",
      description = "Seed of the message content (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--ack-timeout-seconds",
      defaultValue = "30",
      description =
          "Give up on a connection after this long without an ACK (default: ${DEFAULT-VALUE}).")
  int ackTimeoutSeconds;

  @Option(names = "--fail-on-miss", description = "Exit 1 when a target is missed.")
  boolean failOnMiss;

  private final PrintStream out;

  /** For picocli: prints to standard output. */
  public MllpBenchCommand() {
    this(System.out);
  }

  public MllpBenchCommand(PrintStream out) {
    this.out = out;
  }

  /** One receiver's measured run and the JVM's memory at its end ({@code -1} when external). */
  record Phase(String name, MllpLoadGenerator.Result result, long heapMib, long rssMib) {}

  @Override
  public Integer call() throws Exception {
    if (connections < 1 || messages < 1 || warmup < 0 || settleSeconds < 0) {
      out.println("--connections and --messages must be >= 1, --warmup and --settle-seconds >= 0");
      return 2;
    }
    String runId = runId();
    ElrMessageFactory factory =
        new ElrMessageFactory(seed, runId, TEMPLATE_VARIANTS, ZonedDateTime.now());
    out.printf(
        Locale.ROOT,
        "vigil bench mllp: %d connections, %,d messages (+%,d warm-up) per receiver, %d cores,"
            + " Java %s, max heap %,d MiB, run id %s%n",
        connections,
        messages,
        warmup,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        Runtime.getRuntime().maxMemory() >> 20,
        runId);
    Path work = Files.createTempDirectory("vigil-bench-");
    EmbeddedDatabase embedded = null;
    try {
      String url = dbUrl;
      String user = dbUser;
      String password = dbPassword;
      if (url == null && (!skipBaseline || target == null)) {
        out.println("starting embedded PostgreSQL ...");
        embedded = EmbeddedDatabase.start(work.resolve("pg"));
        url = embedded.jdbcUrl();
        user = embedded.user();
        password = embedded.password();
      }
      Phase baseline = null;
      if (!skipBaseline) {
        baseline = runBaseline(factory, url, user, password);
      }
      Phase vigil;
      try {
        vigil = runVigil(factory, url, user, password, work);
      } catch (Exception e) {
        out.println("vigil run failed: " + e);
        vigil = null;
      }
      boolean met = new BenchReport(out).print(baseline, vigil);
      boolean clean = vigil != null && vigil.result().errors() == 0;
      return clean && (met || !failOnMiss) ? 0 : 1;
    } finally {
      if (embedded != null) {
        embedded.close();
      }
      deleteRecursively(work);
    }
  }

  private Phase runBaseline(ElrMessageFactory factory, String url, String user, String password)
      throws Exception {
    out.println("starting baseline (HAPI HL7Service, one INSERT + COMMIT per message) ...");
    try (BaselineMllpReceiver receiver =
        BaselineMllpReceiver.start(url, user, password, 0, baselinePool)) {
      MllpLoadGenerator.Result result =
          load("baseline", new InetSocketAddress("127.0.0.1", receiver.port()), factory, 0);
      out.printf(Locale.ROOT, "[baseline] rows committed: %,d%n", receiver.committedRows());
      return sampleMemory("baseline (HAPI)", result, true);
    }
  }

  private Phase runVigil(
      ElrMessageFactory factory, String url, String user, String password, Path work)
      throws Exception {
    // Its own sequence range: no control id repeats the baseline's, so nothing looks like a replay.
    // Half the sequence space: the baseline's settling rounds cannot run into it.
    long first = ElrMessageFactory.SEQUENCES / 2;
    if (target != null) {
      int colon = target.lastIndexOf(':');
      if (colon < 1) {
        throw new IllegalArgumentException("--target must be host:port: " + target);
      }
      InetSocketAddress address =
          new InetSocketAddress(
              target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
      out.println("benching the hub at " + target + " ...");
      return sampleMemory("vigil (" + target + ")", load("vigil", address, factory, first), false);
    }
    out.println(
        "starting the Vigil hub in-process (per-facility rate limit "
            + (int) BENCH_RATE_LIMIT.messagesPerSecond()
            + " msgs/s: the load comes from only "
            + ElrMessageFactory.labCount()
            + " labs) ...");
    HubConfig config =
        HubConfig.forDev(work.resolve("hub"))
            .withMllpPort(0)
            .withHttpPort(0)
            .withDatabase(url, user, password)
            .withRateLimit(BENCH_RATE_LIMIT);
    try (VigilHub hub = VigilHub.start(config)) {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", hub.mllpPort());
      return sampleMemory("vigil", load("vigil", address, factory, first), true);
    }
  }

  private MllpLoadGenerator.Result load(
      String label, InetSocketAddress address, ElrMessageFactory factory, long firstSequence)
      throws IOException {
    return new BenchLoad(
            out,
            connections,
            messages,
            warmup,
            Duration.ofSeconds(ackTimeoutSeconds),
            Duration.ofSeconds(settleSeconds))
        .run(label, address, factory, firstSequence);
  }

  private static Phase sampleMemory(
      String name, MllpLoadGenerator.Result result, boolean inProcess) {
    if (!inProcess) {
      return new Phase(name, result, -1, -1);
    }
    ProcessMemory memory = ProcessMemory.sampleAfterGc();
    return new Phase(name, result, memory.heapUsedMib(), memory.rssMib());
  }

  static String runId() {
    // Six base-36 digits: 36^5 <= n < 36^6.
    long n = ThreadLocalRandom.current().nextLong(60_466_176L, 2_176_782_336L);
    return "B" + Long.toString(n, 36).toUpperCase(Locale.ROOT);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
