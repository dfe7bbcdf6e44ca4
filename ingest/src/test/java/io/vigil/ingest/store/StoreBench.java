package io.vigil.ingest.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.ReferenceInstants;
import io.vigil.ingest.testing.TestEvents;
import io.vigil.ingest.testing.TestPostgres;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The group commit alone against a real PostgreSQL, run by hand, never in CI (not a {@code *Test}):
 * {@code clients} closed-loop submitters each keep one ~1.9 KB ELR submission (with its log leaf
 * and one outbox event) in flight. Prints msgs/s and CPU per message of the store's writer threads
 * and of the PostgreSQL processes, so a change to the SQL or the schema can be measured on its own.
 *
 * <pre>
 * mvn -o -q -pl ingest test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt \
 *     -Dmdep.includeScope=test
 * java -cp ingest/target/test-classes:ingest/target/classes:$(cat /tmp/cp.txt) \
 *     io.vigil.ingest.store.StoreBench [clients=64] [warmup=30000] [messages=100000] [setup SQL]
 * </pre>
 */
public final class StoreBench {
  private static final String PAYLOAD_HEAD =
      "MSH|^~\\&|LabSys^2.16.840.1.113883.3.9999.1^ISO|Northfield Reference Laboratories"
          + "^14D0999903^CLIA|VIGIL^2.16.840.1.113883.3.9999.99^ISO|IL_DPH^2.16.840.1.113883"
          + ".3.9999.100^ISO|20261121194724-0600||ORU^R01^ORU_R01|";
  private static final String PAYLOAD_TAIL =
      "|P|2.5.1|||||||||PHLabReport-Ack^^2.16.840.1.113883.9.10^ISO\r"
          + "X"
              .repeat(1_700)
              .replaceAll(
                  "X{80}",
                  "OBX|1|CWE|94558-4^SARS-CoV-2 Ag^LN|1|260415000" + "^Not detected^SCT|||N|||F\r");

  private static Long senderId;

  private StoreBench() {}

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
    int messages = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    String setupSql = args.length > 3 ? args[3] : "";
    String url = System.getProperty("db.url");
    try (Database db =
            url == null
                ? TestPostgres.openFresh()
                : Database.open(StoreConfig.defaults().withDatabase(url, "postgres", "postgres"));
        SubmissionStore store =
            new SubmissionStore(
                db.dataSource(), StoreConfig.defaults(), new SimpleMeterRegistry())) {
      if (!setupSql.isBlank()) {
        try (var c = db.dataSource().getConnection();
            var st = c.createStatement()) {
          st.execute(setupSql);
        }
      }
      try (var c = db.dataSource().getConnection();
          var st = c.createStatement();
          var rs =
              st.executeQuery(
                  "INSERT INTO sender (facility_id) VALUES ('14D0999903') RETURNING id")) {
        rs.next();
        senderId = rs.getLong(1);
      }
      AtomicLong sequence = new AtomicLong();
      run(store, clients, warmup, sequence);
      long pg0 = postgresNanos();
      long w0 = writerNanos();
      long t0 = System.nanoTime();
      run(store, clients, messages, sequence);
      double s = (System.nanoTime() - t0) / 1e9;
      double pg = (postgresNanos() - pg0) / 1e3 / messages;
      double w = (writerNanos() - w0) / 1e3 / messages;
      System.out.printf(
          Locale.ROOT,
          "%,d msgs in %.2f s = %,.0f msgs/s; CPU per message: writers %.1f µs, PostgreSQL %.1f"
              + " µs%n",
          messages,
          s,
          messages / s,
          w,
          pg);
    }
    System.exit(0);
  }

  private static void run(SubmissionStore store, int clients, int count, AtomicLong sequence)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(count);
    AtomicLong issued = new AtomicLong();
    for (int i = 0; i < clients; i++) {
      next(store, issued, count, sequence, done);
    }
    done.await();
  }

  private static void next(
      SubmissionStore store, AtomicLong issued, int count, AtomicLong seq, CountDownLatch done) {
    if (issued.incrementAndGet() > count) {
      return;
    }
    store
        .store(submission(seq.incrementAndGet()))
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                e.printStackTrace();
              }
              done.countDown();
              next(store, issued, count, seq, done);
            });
  }

  static NewSubmission submission(long n) {
    String controlId = "BENCH-" + n;
    byte[] payload = (PAYLOAD_HEAD + controlId + PAYLOAD_TAIL).getBytes(StandardCharsets.UTF_8);
    Instant now = Instant.now();
    UUID id = io.vigil.ingest.intake.SubmissionIds.next();
    String ack =
        "MSH|^~\\&|VIGIL|IL_DPH|LabSys|14D0999903|20261121194725-0600||ACK^R01^ACK|"
            + "ACK"
            + n
            + "|P|2.5.1\rMSA|AA|"
            + controlId
            + "\r";
    DeidentifiedEvent event =
        TestEvents.labResult(
            UUID.nameUUIDFromBytes(controlId.getBytes(StandardCharsets.UTF_8)).toString(),
            "pk-" + Long.toHexString(n * 0x9E3779B97F4A7C15L));
    try {
      return new NewSubmission(
          id,
          "14D0999903",
          senderId,
          "mllp",
          "hl7v2",
          "ORU^R01",
          controlId,
          now,
          payload,
          MessageDigest.getInstance("SHA-256").digest(payload),
          "UTF-8",
          Disposition.ACCEPT,
          AckCode.AA,
          List.of(),
          ack,
          new ReferenceInstants(Optional.of(now), Optional.of(now), Optional.of(now)),
          List.of(event));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long writerNanos() {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("vigil-store-writer")) {
        sum += Math.max(0, bean.getThreadCpuTime(info.getThreadId()));
      }
    }
    return sum;
  }

  private static long postgresNanos() throws Exception {
    long ticks = 0;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        try {
          String stat = Files.readString(p.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          if ("postgres".equals(stat.substring(open + 1, close))) {
            String[] f = stat.substring(close + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
          }
        } catch (Exception e) {
          // gone
        }
      }
    }
    return ticks * 10_000_000L;
  }
}
