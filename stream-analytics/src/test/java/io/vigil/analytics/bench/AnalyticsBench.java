package io.vigil.analytics.bench;

import io.vigil.analytics.job.AnalyticsConfig;
import io.vigil.analytics.job.LocalAnalytics;
import io.vigil.analytics.sink.AnalyticsSchema;
import io.vigil.analytics.testing.Events;
import io.vigil.analytics.testing.TestKafka;
import io.vigil.analytics.testing.TestPostgres;
import io.vigil.events.DeidentifiedEvent;
import io.vigil.events.EventCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Throughput and freshness of the analytics job on one slot, against a real in-process KRaft broker
 * and an embedded PostgreSQL, compared in the same run with a baseline: a plain Kafka consumer
 * doing one autocommitted SQL upsert per event (into a copy of {@code trend_daily} only).
 *
 * <p>Arguments: {@code [events (default 300000)] [baselineEvents (default 20000)]}. Prints one
 * result line per measurement (a bench tool, hence standard output).
 */
public final class AnalyticsBench {
  private static final String TOPIC = "vigil.events.v1";
  private static final String[] CONDITIONS = {"COVID-19", "INFLUENZA", "RSV", "PERTUSSIS", "MPOX"};
  private static final String[] AGES = {"0-4", "5-17", "18-49", "50-64", "65-74", "75+"};
  private static final LocalDate START = LocalDate.of(2026, 9, 1);

  private AnalyticsBench() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int baselineEvents = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int warmup = events / 5;
    try (TestKafka kafka = TestKafka.start(TOPIC, 1)) {
      String url = TestPostgres.freshDatabase();
      AnalyticsSchema.migrate(url, "postgres", "postgres");
      SplittableRandom random = new SplittableRandom(42);
      kafka.send(TOPIC, generate(random, warmup + events, 0));
      Path checkpoints = Files.createTempDirectory("bench-chk");
      AnalyticsConfig config =
          AnalyticsConfig.defaults()
              .withKafka(kafka.bootstrap(), TOPIC)
              .withDatabase(url, "postgres", "postgres")
              .withCheckpoints(Duration.ofSeconds(10), checkpoints)
              .withIdleTimeout(Duration.ofSeconds(1));
      long started = System.nanoTime();
      try (LocalAnalytics job = LocalAnalytics.start(config)) {
        long warm = waitForTests(url, warmup);
        long cpuWarm = cpuNanos();
        long done = waitForTests(url, warmup + events);
        long cpu = cpuNanos() - cpuWarm;
        double seconds = (done - warm) / 1e9;
        print(
            "job throughput: %d events in %.2f s = %.0f events/s (one slot; %d warm-up events"
                + " first, job start to all visible %.1f s)",
            events, seconds, events / seconds, warmup, (done - started) / 1e9);
        print(
            "job JVM CPU (broker, MiniCluster, job; PostgreSQL server excluded): %.1f µs/event"
                + " = %.0f events per CPU-second",
            cpu / 1e3 / events, events / (cpu / 1e9));
        print("job heap after throughput: %s", heap());
        freshness(kafka, url, random);
        print("job heap after freshness: %s", heap());
      }
      baseline(kafka, url, baselineEvents);
    }
    System.exit(0);
  }

  /** Steady background load of 2,000 events/s with 20 probes/s, each in a cell of its own. */
  private static void freshness(TestKafka kafka, String url, SplittableRandom random)
      throws Exception {
    int probes = 200;
    Map<String, Long> produced = new HashMap<>();
    Map<String, Long> seen = new HashMap<>();
    long begin = System.nanoTime();
    int sent = 0;
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
        PreparedStatement poll =
            c.prepareStatement("SELECT zip3 FROM trend_daily WHERE condition = 'FRESHNESS'")) {
      while (seen.size() < probes) {
        long now = System.nanoTime();
        if (sent < probes && now - begin >= sent * 50_000_000L) {
          List<DeidentifiedEvent> batch = generate(random, 100, 1);
          String zip3 = String.format("%03d", sent);
          batch.add(
              withZip3(Events.lab("probe-" + sent, "FRESHNESS", START, "positive").build(), zip3));
          produced.put(zip3, System.nanoTime());
          kafka.send(TOPIC, batch);
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
    print(
        "job freshness (produced -> visible in trend_daily; 2,000 events/s background, %d probes,"
            + " 10 ms polling): p50 %d ms, p99 %d ms, max %d ms",
        probes, lags[probes / 2], lags[(int) Math.ceil(probes * 0.99) - 1], lags[probes - 1]);
  }

  private static DeidentifiedEvent withZip3(DeidentifiedEvent e, String zip3) {
    return new DeidentifiedEvent(
        e.schema(),
        e.eventId(),
        e.policy(),
        e.kind(),
        e.senderId(),
        e.eventDate(),
        e.receivedDate(),
        e.condition(),
        e.testCode(),
        e.interpretation(),
        e.vaccineCode(),
        e.vaccineGroup(),
        e.doseNumber(),
        e.stateFips(),
        e.countyFips(),
        zip3,
        e.ageBand(),
        e.sex(),
        e.personKey(),
        e.collectedToReceivedMinutes(),
        e.resultedToReceivedMinutes(),
        e.createdToReceivedMinutes(),
        e.collectedSource(),
        e.resultedSource(),
        e.resultBeforeCollection());
  }

  /** A plain consumer with one autocommitted increment-upsert per event, same topic, same DB. */
  private static void baseline(TestKafka kafka, String url, int count) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE baseline_daily (LIKE trend_daily INCLUDING ALL)");
    }
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "baseline");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    String sql =
        "INSERT INTO baseline_daily (condition, state_fips, county_fips, zip3, age_band, sex, day,"
            + " tests, positives, new_cases) VALUES (?,?,?,?,?,?,?,1,?,0) ON CONFLICT (condition,"
            + " state_fips, county_fips, zip3, age_band, sex, day) DO UPDATE SET tests ="
            + " baseline_daily.tests + 1, positives = baseline_daily.positives +"
            + " EXCLUDED.positives, updated_at = now()";
    try (KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        Connection c = DriverManager.getConnection(url, "postgres", "postgres");
        PreparedStatement upsert = c.prepareStatement(sql)) {
      consumer.subscribe(List.of(TOPIC));
      int done = 0;
      long begin = 0;
      long cpuBegin = 0;
      while (done < count) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (begin == 0) {
            begin = System.nanoTime();
            cpuBegin = cpuNanos();
          }
          DeidentifiedEvent e = EventCodec.decode(r.value());
          if (!e.isLabResult() || done >= count) {
            continue;
          }
          upsert.setString(1, e.condition());
          upsert.setString(2, e.stateFips());
          upsert.setString(3, e.countyFips());
          upsert.setString(4, e.zip3());
          upsert.setString(5, e.ageBand());
          upsert.setString(6, e.sex());
          upsert.setObject(7, e.eventDate());
          upsert.setInt(8, "positive".equals(e.interpretation()) ? 1 : 0);
          upsert.executeUpdate();
          done++;
        }
      }
      double seconds = (System.nanoTime() - begin) / 1e9;
      long cpu = cpuNanos() - cpuBegin;
      print("baseline JVM CPU (PostgreSQL server excluded): %.1f µs/event", cpu / 1e3 / count);
      print(
          "baseline (plain consumer, one autocommitted upsert per event, daily table only): %d"
              + " events in %.2f s = %.0f events/s",
          count, seconds, count / seconds);
    }
  }

  /**
   * Lab results (95%) and doses (5%): 5 conditions, 10 counties (one ZIP3 each), 6 age bands, 2
   * sexes; event days as a live feed sees them: 80% within the latest 3 days, the rest spread over
   * the 60 days before (late reports).
   */
  static List<DeidentifiedEvent> generate(SplittableRandom random, int n, int salt) {
    List<DeidentifiedEvent> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      LocalDate day =
          random.nextInt(5) < 4
              ? START.plusDays(57 + random.nextInt(3))
              : START.plusDays(random.nextInt(60));
      String person = "person-" + salt + "-" + random.nextInt(Math.max(1, n / 3));
      if (random.nextInt(20) == 0) {
        out.add(Events.dose(person, "COVID-19", day));
        continue;
      }
      String condition = CONDITIONS[random.nextInt(CONDITIONS.length)];
      int county = random.nextInt(10);
      String result = random.nextInt(5) == 0 ? "positive" : "negative";
      DeidentifiedEvent e =
          Events.lab(person, condition, day, result)
              .sender(String.valueOf(1 + random.nextInt(8)), day.plusDays(1 + random.nextInt(3)))
              .lags(
                  (long) random.nextInt(10_000),
                  (long) random.nextInt(3_000),
                  5L,
                  random.nextInt(500) == 0)
              .build();
      out.add(
          new DeidentifiedEvent(
              e.schema(),
              e.eventId(),
              e.policy(),
              e.kind(),
              e.senderId(),
              e.eventDate(),
              e.receivedDate(),
              e.condition(),
              e.testCode(),
              e.interpretation(),
              null,
              null,
              null,
              "06",
              "06" + String.format("%03d", 1 + 2 * county),
              "9" + county + "0",
              AGES[random.nextInt(AGES.length)],
              random.nextBoolean() ? "F" : "M",
              e.personKey(),
              e.collectedToReceivedMinutes(),
              e.resultedToReceivedMinutes(),
              e.createdToReceivedMinutes(),
              e.collectedSource(),
              e.resultedSource(),
              e.resultBeforeCollection()));
    }
    return out;
  }

  /** Waits until tests + doses in the tables reach {@code expectedEvents}; returns nanoTime. */
  private static long waitForTests(String url, long expectedEvents)
      throws SQLException, InterruptedException {
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
        Statement s = c.createStatement()) {
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (System.nanoTime() < deadline) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT coalesce(sum(tests), 0) FROM trend_daily)"
                    + " + (SELECT coalesce(sum(doses), 0) FROM dose_weekly)")) {
          rs.next();
          if (rs.getLong(1) >= expectedEvents) {
            return System.nanoTime();
          }
        }
        // A sum over ~100k rows is not free: poll at 4 Hz so the probe does not load PostgreSQL.
        Thread.sleep(250);
      }
    }
    throw new IllegalStateException("events not visible in time");
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String heap() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    return String.format(
        "%d MiB used of %d MiB max",
        (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(format, args));
    System.out.flush();
  }
}
