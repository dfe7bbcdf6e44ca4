package io.vigil.hub.bench;

import io.vigil.analytics.job.AnalyticsConfig;
import io.vigil.analytics.job.LocalAnalytics;
import io.vigil.analytics.sink.AnalyticsSchema;
import io.vigil.events.DeidentifiedEvent;
import io.vigil.events.EventCodec;
import io.vigil.hub.db.EmbeddedDatabase;
import io.vigil.hub.events.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench analytics}: the stream analytics benchmark. Starts the embedded KRaft broker
 * and an embedded PostgreSQL in this JVM, pre-produces a backlog of synthetic events and runs the
 * Flink job on a one-slot MiniCluster with its default settings, then measures:
 *
 * <ol>
 *   <li><b>throughput</b>: from the moment the warm-up events are visible in the tables until all
 *       are (Σ tests of {@code trend_daily} + Σ doses of {@code dose_weekly}, polled at 4 Hz), with
 *       the process CPU per event and where it went by thread;
 *   <li><b>freshness</b>: under a steady background load, probe events each in a cell of its own;
 *       latency = produced → its row visible in {@code trend_daily} (polled every 10 ms);
 *   <li><b>memory</b>: heap in use after a full GC and the resident set, of the JVM running broker,
 *       PostgreSQL client, MiniCluster and job;
 *   <li><b>baseline</b>, same run, same broker and database: {@link BaselineTrendConsumer}.
 * </ol>
 */
@Command(
    name = "analytics",
    mixinStandardHelpOptions = true,
    description =
        "Stream analytics benchmark: the Flink job on one slot vs a consumer doing one upsert per"
            + " event, same broker and PostgreSQL.")
public final class AnalyticsBenchCommand implements Callable<Integer> {
  static final double TARGET_EVENTS_PER_SECOND = 20_000;
  static final double TARGET_FRESHNESS_P99_MS = 5_000;
  private static final String TOPIC = "vigil.events.v1";
  private static final int PRODUCE_CHUNK = 10_000;

  /** Shortest window timed: four of the job's 500 ms flush intervals. */
  static final double MIN_WINDOW_SECONDS = 2.0;

  @Option(
      names = "--events",
      defaultValue = "300000",
      description = "Measured events (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(
      names = "--warmup",
      defaultValue = "200000",
      description =
          "Events processed before the clock starts (default: ${DEFAULT-VALUE}; with 60,000 the"
              + " JIT was still compiling broker, Flink and JDBC code for most of the window).")
  int warmup;

  @Option(
      names = "--probes",
      defaultValue = "200",
      description = "Freshness probes, 20 per second (default: ${DEFAULT-VALUE}).")
  int probes;

  @Option(
      names = "--background-rate",
      defaultValue = "2000",
      description = "Events per second around the probes (default: ${DEFAULT-VALUE}).")
  int backgroundRate;

  @Option(
      names = "--baseline-events",
      defaultValue = "20000",
      description = "Lab results counted by the baseline (default: ${DEFAULT-VALUE}).")
  int baselineEvents;

  @Option(names = "--skip-baseline", description = "Do not run the baseline.")
  boolean skipBaseline;

  @Option(
      names = "--threads",
      defaultValue = "12",
      description =
          "Thread groups listed in the CPU breakdown, 0 for none (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--seed", defaultValue = "42", description = "Content seed.")
  long seed;

  @Option(names = "--fail-on-miss", description = "Exit 1 when a target is missed.")
  boolean failOnMiss;

  private final PrintStream out;

  public AnalyticsBenchCommand() {
    this(System.out);
  }

  public AnalyticsBenchCommand(PrintStream out) {
    this.out = out;
  }

  /** What the job's phase measured. */
  record JobResult(
      long events,
      double seconds,
      long cpuNanos,
      long p50Ms,
      long p99Ms,
      long maxMs,
      ProcessMemory memory) {
    double perSecond() {
      return events / seconds;
    }

    double cpuMicrosPerEvent() {
      return cpuNanos / 1e3 / events;
    }
  }

  @Override
  public Integer call() throws Exception {
    int warm = warmup;
    out.printf(
        Locale.ROOT,
        "vigil bench analytics: %,d events (+%,d warm-up) through the job on one slot, %d"
            + " freshness probes at %,d events/s, %s baseline; %d cores, Java %s%n",
        events,
        warm,
        probes,
        backgroundRate,
        skipBaseline ? "no" : String.format(Locale.ROOT, "%,d-event", baselineEvents),
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    Path work = Files.createTempDirectory("vigil-bench-analytics-");
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(work.resolve("pg"));
        EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
      createTopic(kafka.bootstrapServers());
      AnalyticsSchema.migrate(pg.jdbcUrl(), pg.user(), pg.password());
      AnalyticsEventFactory factory =
          new AnalyticsEventFactory(seed, ThreadLocalRandom.current().nextLong());
      JobResult job;
      try (KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
        out.printf(Locale.ROOT, "producing %,d events ...%n", warm + events);
        for (int sent = 0; sent < warm + events; sent += PRODUCE_CHUNK) {
          send(producer, factory.batch(Math.min(PRODUCE_CHUNK, warm + events - sent)));
        }
        AnalyticsConfig config =
            AnalyticsConfig.defaults()
                .withKafka(kafka.bootstrapServers(), TOPIC)
                .withDatabase(pg.jdbcUrl(), pg.user(), pg.password())
                .withCheckpoints(Duration.ofSeconds(10), work.resolve("checkpoints"))
                // One partition, and no new events after the backlog: do not hold the watermark.
                .withIdleTimeout(Duration.ofSeconds(1));
        job = runJob(config, producer, factory, pg, warm);
      }
      BaselineTrendConsumer.Result baseline = null;
      if (!skipBaseline) {
        out.printf(Locale.ROOT, "[baseline] counting %,d lab results ...%n", baselineEvents);
        baseline =
            BaselineTrendConsumer.run(
                kafka.bootstrapServers(),
                TOPIC,
                pg.jdbcUrl(),
                pg.user(),
                pg.password(),
                baselineEvents);
        out.printf(
            Locale.ROOT,
            "[baseline] %,d events in %.2f s = %,.0f events/s, process CPU %.1f µs/event%n",
            baseline.events(),
            baseline.seconds(),
            baseline.perSecond(),
            baseline.cpuMicrosPerEvent());
      }
      boolean met = report(job, baseline);
      return met || !failOnMiss ? 0 : 1;
    } finally {
      MllpBenchCommand.deleteRecursively(work);
    }
  }

  private JobResult runJob(
      AnalyticsConfig config,
      KafkaProducer<String, byte[]> producer,
      AnalyticsEventFactory factory,
      EmbeddedDatabase pg,
      int warm)
      throws Exception {
    long started = System.nanoTime();
    try (LocalAnalytics analytics = LocalAnalytics.start(config);
        Connection db = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
      // The window opens at the first poll that sees the warm-up; the sum seen then usually
      // overshoots it by part of a flush, so the events timed are the ones counted after it.
      Visible opened = waitForCounted(db, warm);
      long cpuBegin = ThreadCpu.processNanos();
      ThreadCpu threadsBegin = ThreadCpu.sample();
      long jitBegin = ThreadCpu.jitMillis();
      long[] gcBegin = ThreadCpu.gcCountAndMillis();
      Visible done = waitForCounted(db, (long) warm + events);
      long cpu = ThreadCpu.processNanos() - cpuBegin;
      ThreadCpu threadsEnd = ThreadCpu.sample();
      long jit = ThreadCpu.jitMillis() - jitBegin;
      long[] gcEnd = ThreadCpu.gcCountAndMillis();
      long timed = done.count() - opened.count();
      double seconds = (done.nanos() - opened.nanos()) / 1e9;
      if (seconds < MIN_WINDOW_SECONDS || timed <= 0) {
        // Cells reach the tables once per flush interval: a backlog drained within a few of
        // them gives a rate of noise (or of nothing), not of the job.
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "the job made %,d events visible in %.2f s, too short a window to time (at least"
                    + " %.0f s); raise --events",
                timed,
                seconds,
                MIN_WINDOW_SECONDS));
      }
      out.printf(
          Locale.ROOT,
          "[job] %,d events in %.2f s = %,.0f events/s (job start to all visible %.1f s; %,d of"
              + " the %,d were visible when the clock started)%n",
          timed,
          seconds,
          timed / seconds,
          (done.nanos() - started) / 1e9,
          events - timed,
          events);
      out.printf(
          Locale.ROOT,
          "[job] process CPU %.1f µs/event = %,.0f events per CPU-second (broker, MiniCluster,"
              + " JIT, GC included; PostgreSQL server excluded)%n",
          cpu / 1e3 / timed,
          timed / (cpu / 1e9));
      printThreads(threadsEnd.since(threadsBegin), cpu, timed);
      out.printf(
          Locale.ROOT,
          "[job] in the window: JIT compiling %,d ms; %,d GCs, %,d ms in GC%n",
          jit,
          gcEnd[0] - gcBegin[0],
          gcEnd[1] - gcBegin[1]);
      ProcessMemory memory = ProcessMemory.sampleAfterGc();
      out.printf(
          Locale.ROOT,
          "[job] memory after the backlog: heap %,d MiB after GC, RSS %,d MiB%n",
          memory.heapUsedMib(),
          memory.rssMib());
      long[] lags = freshness(producer, factory, db);
      return new JobResult(
          timed, seconds, cpu, lags[probes / 2], percentile99(lags), lags[probes - 1], memory);
    }
  }

  private void printThreads(List<Map.Entry<String, Long>> byThread, long processCpu, long timed) {
    long javaThreads = 0;
    for (int i = 0; i < byThread.size(); i++) {
      Map.Entry<String, Long> e = byThread.get(i);
      javaThreads += e.getValue();
      if (i < threads) {
        out.printf(
            Locale.ROOT, "[job]   %6.1f µs/event  %s%n", e.getValue() / 1e3 / timed, e.getKey());
      }
    }
    if (threads > 0) {
      out.printf(
          Locale.ROOT,
          "[job]   %6.1f µs/event  (not in Java threads: JIT compiler, GC, VM)%n",
          (processCpu - javaThreads) / 1e3 / timed);
    }
  }

  /**
   * Steady background load with {@code probes} probe events, 20 per second, each in a cell of its
   * own (its ZIP3); returns the sorted produced → visible lags in milliseconds.
   */
  private long[] freshness(
      KafkaProducer<String, byte[]> producer, AnalyticsEventFactory factory, Connection db)
      throws Exception {
    out.printf(
        Locale.ROOT,
        "[job] freshness: %d probes at 20/s in %,d events/s of background ...%n",
        probes,
        backgroundRate);
    Map<String, Long> produced = new HashMap<>();
    Map<String, Long> seen = new HashMap<>();
    long begin = System.nanoTime();
    int perTick = Math.max(0, backgroundRate / 20);
    int sent = 0;
    try (PreparedStatement poll =
        db.prepareStatement(
            "SELECT zip3 FROM trend_daily WHERE condition = '"
                + AnalyticsEventFactory.PROBE_CONDITION
                + "'")) {
      while (seen.size() < probes) {
        long now = System.nanoTime();
        if (sent < probes && now - begin >= sent * 50_000_000L) {
          List<DeidentifiedEvent> batch = new ArrayList<>(factory.batch(perTick));
          String zip3 = String.format(Locale.ROOT, "P%03d", sent);
          batch.add(factory.probe(zip3));
          produced.put(zip3, System.nanoTime());
          send(producer, batch);
          sent++;
        }
        try (ResultSet rs = poll.executeQuery()) {
          while (rs.next()) {
            seen.putIfAbsent(rs.getString(1), System.nanoTime());
          }
        }
        Thread.sleep(10);
        if (System.nanoTime() - begin > 120_000_000_000L) {
          throw new IllegalStateException("probes not visible after 120 s: " + seen.size());
        }
      }
    }
    long[] lags = new long[probes];
    int i = 0;
    for (Map.Entry<String, Long> e : produced.entrySet()) {
      lags[i++] = (seen.get(e.getKey()) - e.getValue()) / 1_000_000;
    }
    Arrays.sort(lags);
    out.printf(
        Locale.ROOT,
        "[job] freshness: p50 %,d ms, p99 %,d ms, max %,d ms%n",
        lags[probes / 2],
        percentile99(lags),
        lags[probes - 1]);
    return lags;
  }

  private static long percentile99(long[] sorted) {
    return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
  }

  private boolean report(JobResult job, BaselineTrendConsumer.Result baseline) {
    String row = "%-44s %10s %13s %9s %9s %9s %9s %8s%n";
    out.println();
    out.printf(
        Locale.ROOT,
        row,
        "consumer",
        "events/s",
        "CPU µs/event",
        "p50 ms",
        "p99 ms",
        "max ms",
        "heap MiB",
        "RSS MiB");
    if (baseline != null) {
      out.printf(
          Locale.ROOT,
          row,
          "baseline (one upsert per event, daily only)",
          String.format(Locale.ROOT, "%,.0f", baseline.perSecond()),
          String.format(Locale.ROOT, "%.1f", baseline.cpuMicrosPerEvent()),
          "-",
          "-",
          "-",
          "-",
          "-");
    }
    out.printf(
        Locale.ROOT,
        row,
        "vigil analytics job (one slot, six tables)",
        String.format(Locale.ROOT, "%,.0f", job.perSecond()),
        String.format(Locale.ROOT, "%.1f", job.cpuMicrosPerEvent()),
        String.format(Locale.ROOT, "%,d", job.p50Ms()),
        String.format(Locale.ROOT, "%,d", job.p99Ms()),
        String.format(Locale.ROOT, "%,d", job.maxMs()),
        String.format(Locale.ROOT, "%,d", job.memory().heapUsedMib()),
        String.format(Locale.ROOT, "%,d", job.memory().rssMib()));
    out.println("(CPU: this JVM's process CPU over the measured window / events, PostgreSQL's");
    out.println(" server excluded; heap after a full GC and RSS of the same JVM)");
    if (baseline != null) {
      out.printf(
          Locale.ROOT,
          "ratio job/baseline: %.1fx events/s%n",
          job.perSecond() / baseline.perSecond());
    }
    boolean met =
        verdict(
            String.format(Locale.ROOT, ">= %,.0f events/s", TARGET_EVENTS_PER_SECOND),
            job.perSecond() >= TARGET_EVENTS_PER_SECOND,
            String.format(Locale.ROOT, "%,.0f events/s", job.perSecond()));
    met &=
        verdict(
            String.format(Locale.ROOT, "freshness p99 <= %,.0f ms", TARGET_FRESHNESS_P99_MS),
            job.p99Ms() <= TARGET_FRESHNESS_P99_MS,
            String.format(Locale.ROOT, "%,d ms", job.p99Ms()));
    return met;
  }

  private boolean verdict(String target, boolean pass, String actual) {
    out.printf(Locale.ROOT, "  %-26s %-5s (%s)%n", target, pass ? "PASS" : "MISS", actual);
    return pass;
  }

  /** A poll of the tables: when, and the tests + doses they held. */
  private record Visible(long nanos, long count) {}

  /** Waits until tests + doses in the tables reach {@code expected}. */
  private static Visible waitForCounted(Connection db, long expected)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    try (Statement s = db.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT coalesce(sum(tests), 0) FROM trend_daily)"
                    + " + (SELECT coalesce(sum(doses), 0) FROM dose_weekly)")) {
          rs.next();
          long count = rs.getLong(1);
          if (count >= expected) {
            return new Visible(System.nanoTime(), count);
          }
        }
        // A sum over tens of thousands of rows is not free: 4 Hz keeps the probe off the job.
        Thread.sleep(250);
      }
    }
    throw new IllegalStateException("events not visible in the tables within 10 minutes");
  }

  private static void createTopic(String bootstrap) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
    }
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** Sends events keyed by person key, as the outbox relay does, and waits for the broker. */
  private static void send(KafkaProducer<String, byte[]> producer, List<DeidentifiedEvent> batch) {
    for (DeidentifiedEvent e : batch) {
      producer.send(new ProducerRecord<>(TOPIC, e.personKey(), EventCodec.encode(e)));
    }
    producer.flush();
  }
}
