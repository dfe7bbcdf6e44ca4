package io.vigil.ingest.hl7v2;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A JMH-free microbenchmark of {@link Hl7v2Examiner#examine(byte[])} (and of the parse alone), run
 * by hand, never in CI (not a {@code *Test}). Prints thread CPU µs per operation (robust on a
 * shared machine: other processes' load does not count), wall-clock µs per operation per thread and
 * the aggregate rate for each timed round, single-threaded and with {@code threads} threads sharing
 * one examiner, as the hub's CPU pool does.
 *
 * <pre>
 * mvn -o -q -pl ingest test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt \
 *     -Dmdep.includeScope=test
 * java -cp ingest/target/test-classes:ingest/target/classes:$(cat /tmp/cp.txt) \
 *     io.vigil.ingest.hl7v2.ExamineBench [--dir DIR] [--mode examine|parse] [--threads 1,2] \
 *     [--warmup-s 5] [--rounds 5] [--round-s 3]
 * </pre>
 *
 * <p>{@code --dir} reads every {@code *.hl7} file of a directory (e.g. messages dumped from the
 * hub's {@code ElrMessageFactory}); without it the bundled ELR sample is used.
 */
public final class ExamineBench {

  /** A ~1.9 KB ELR ORU^R01 shaped like the hub bench's messages (fictional data). */
  private static final String SAMPLE =
      String.join(
          "\r",
          "MSH|^~\\&|LabSys^2.16.840.1.113883.3.9999.1^ISO|Northfield Reference Laboratories"
              + "^14D0999903^CLIA|VIGIL^2.16.840.1.113883.3.9999.99^ISO|IL_DPH^2.16.840.1.113883"
              + ".3.9999.100^ISO|20261121194724-0600||ORU^R01^ORU_R01|BENCH-0000000000|P|2.5.1"
              + "|||||||||PHLabReport-Ack^^2.16.840.1.113883.9.10^ISO",
          "SFT|Fictional LIS Inc.^L^^^^&2.16.840.1.113883.3.9999&ISO^XX^^^1234|4.2.1|LabSys"
              + "|4.2.1.77||20250301",
          "PID|1||23239980^^^NFREFLAB&14D0999903&CLIA^MR^NFREFLAB&14D0999903&CLIA||Placeholm"
              + "^Zoe^P^^^^L||19741029|F||2054-5^Black or African American^CDCREC^^^^1.0|1841"
              + " Cedar Ln^^Champaign^IL^61820^USA^H^^17019||^PRN^PH^^1^217^5554732|||||||||2135"
              + "-2^Hispanic or Latino^CDCREC^^^^1.0",
          "ORC|RE|PLC605835^EHR^2.16.840.1.113883.3.9999.2^ISO|BENCH0000000000^NFREFLAB"
              + "^14D0999903^CLIA|||||||||1065343554^Careful^Morgan^^^^^^NPI&2.16.840.1.113883"
              + ".4.6&ISO^L^^^NPI||^WPN^PH^^1^217^5555805|||||||Riverside Family Clinic^L^^^^CLIA"
              + "&2.16.840.1.113883.4.7&ISO^XX^^^14D0888801|501 W Main St^^Champaign^IL^61820"
              + "^USA^B",
          "OBR|1|PLC605835^EHR^2.16.840.1.113883.3.9999.2^ISO|BENCH0000000000^NFREFLAB"
              + "^14D0999903^CLIA|94558-4^SARS-CoV-2 Ag Resp Ql IA.rapid^LN^^^^2.68|||2026111922"
              + "0924-0600|||||||||1065343554^Careful^Morgan^^^^^^NPI&2.16.840.1.113883.4.6&ISO^L"
              + "^^^NPI|^WPN^PH^^1^217^5555805|||||20261121191724-0600|||F",
          "OBX|1|CWE|94558-4^SARS-CoV-2 Ag Resp Ql IA.rapid^LN^^^^2.68|1|260415000^Not"
              + " detected^SCT^^^^20200901|||N|||F|||20261119220924-0600|||||20261121185724-0600"
              + "||||Northfield Reference Laboratories^L^^^^CLIA&2.16.840.1.113883.4.7&ISO^XX^^^1"
              + "4D0999903|44 Commerce Pkwy^^Peoria^IL^61602^USA^B",
          "OBX|2|CWE|95419-8^Has symptoms related to condition of interest^LN^^^^2.68|2|Y^Yes"
              + "^HL70136||||||F|||20261119220924-0600",
          "OBX|3|DT|11368-8^Illness or injury onset date and time^LN^^^^2.68|3|20261115|||||"
              + "|F|||20261119220924-0600",
          "SPM|1|BENCH0000000000&NFREFLAB&14D0999903&CLIA||258500001^Nasopharyngeal swab^SCT"
              + "^^^^20200901|||||||||||||20261119220924-0600|20261121104924-0600");

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ExamineBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = null;
    String mode = "examine";
    String threadList = "1,2";
    int warmupS = 5;
    int rounds = 5;
    int roundS = 3;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--mode" -> mode = args[i + 1];
        case "--threads" -> threadList = args[i + 1];
        case "--warmup-s" -> warmupS = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--round-s" -> roundS = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<byte[]> messages = load(dir);
    Hl7v2Examiner examiner = new Hl7v2Examiner(Clock.systemUTC());
    Hl7Parser parser = new Hl7Parser();
    List<String> texts = new ArrayList<>();
    for (byte[] m : messages) {
      texts.add(Hl7Decoder.decode(m).text());
    }
    Examination check = examiner.examine(messages.get(0));
    out(
        "messages=%d avgBytes=%d mode=%s first=%s findings=%s",
        messages.size(),
        messages.stream().mapToInt(m -> m.length).sum() / messages.size(),
        mode,
        check.disposition(),
        check.findings());
    Op op =
        mode.equals("parse")
            ? i -> parser.parse(texts.get(i % texts.size())).parsed() ? 1 : 0
            : i -> examiner.examine(messages.get(i % messages.size())).findings().size();
    for (String t : threadList.split(",")) {
      int threads = Integer.parseInt(t.trim());
      run(op, threads, warmupS * 1000L, "warmup");
      for (int r = 1; r <= rounds; r++) {
        run(op, threads, roundS * 1000L, "round " + r);
      }
    }
  }

  private interface Op {
    int apply(int i);
  }

  private static void run(Op op, int threads, long millis, String label)
      throws InterruptedException {
    AtomicLong ops = new AtomicLong();
    AtomicLong sink = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    long[] busyNanos = new long[threads];
    long[] cpuNanos = new long[threads];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread w =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                long cpuBegin = THREADS.getCurrentThreadCpuTime();
                long begin = System.nanoTime();
                long deadline = begin + millis * 1_000_000L;
                int i = id * 7919;
                long n = 0;
                long s = 0;
                long now;
                do {
                  for (int k = 0; k < 64; k++) {
                    s += op.apply(i++);
                  }
                  n += 64;
                  now = System.nanoTime();
                } while (now < deadline);
                busyNanos[id] = now - begin;
                cpuNanos[id] = THREADS.getCurrentThreadCpuTime() - cpuBegin;
                ops.addAndGet(n);
                sink.addAndGet(s);
              });
      workers.add(w);
      w.start();
    }
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    long totalBusy = 0;
    long totalCpu = 0;
    for (int t = 0; t < threads; t++) {
      totalBusy += busyNanos[t];
      totalCpu += cpuNanos[t];
    }
    double usPerOp = totalBusy / 1000.0 / ops.get();
    double cpuUsPerOp = totalCpu / 1000.0 / ops.get();
    double perSecond = ops.get() / (totalBusy / 1e9 / threads);
    out(
        "threads=%d %-8s cpu %7.1f us/op  wall %7.1f us/op/thread %7.0f ops/s  load %s (sink %d)",
        threads, label, cpuUsPerOp, usPerOp, perSecond, load(), sink.get() % 10);
  }

  private static String load() {
    return String.format(
        Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static List<byte[]> load(Path dir) throws IOException {
    List<byte[]> out = new ArrayList<>();
    if (dir == null) {
      out.add(SAMPLE.getBytes(StandardCharsets.ISO_8859_1));
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".hl7")).sorted().toList()) {
        out.add(Files.readAllBytes(p));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no *.hl7 files in " + dir);
    }
    return out;
  }

  @SuppressWarnings("SystemOut") // A hand-run tool: its output is the point.
  private static void out(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
