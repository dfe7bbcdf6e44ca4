package io.vigil.hub.bench;

import io.vigil.hub.HubConfig;
import io.vigil.hub.VigilHub;
import io.vigil.hub.db.EmbeddedDatabase;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench large}: what large messages (reports carrying a PDF in an {@code ED} OBX) do
 * to everyone else's acknowledgements. An in-process hub gets a steady paced load of ordinary ELR;
 * first alone (the baseline, in the same run), then beside connections sending large messages back
 * to back. Prints the ordinary messages' ACK latency in both phases, the large messages' rate and
 * latency, and the heap after GC.
 */
@Command(
    name = "large",
    mixinStandardHelpOptions = true,
    description =
        "Ordinary ELR ACK latency alone, then beside senders of large (PDF-carrying) messages.")
public final class LargeMessagesBenchCommand implements Callable<Integer> {

  @Option(
      names = "--rate",
      defaultValue = "200",
      description = "Ordinary messages per second, both phases (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--connections",
      defaultValue = "4",
      description = "Connections of the ordinary load (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--large-connections",
      defaultValue = "2",
      description = "Connections sending large messages back to back (default: ${DEFAULT-VALUE}).")
  int largeConnections;

  @Option(
      names = "--large-kib",
      defaultValue = "1024",
      description =
          "Size of the PDF in each large message, before base64 (default: ${DEFAULT-VALUE}).")
  int largeKib;

  @Option(
      names = "--phase",
      defaultValue = "20s",
      converter = SoakCommand.DurationConverter.class,
      description = "Length of each phase (default: ${DEFAULT-VALUE}).")
  Duration phase;

  @Option(
      names = "--seed",
      defaultValue = "20261206",
      description = "Seed of the message content (default: ${DEFAULT-VALUE}).")
  long seed;

  private final PrintStream out;

  /** For picocli: prints to standard output. */
  public LargeMessagesBenchCommand() {
    this(System.out);
  }

  public LargeMessagesBenchCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    if (rate <= 0 || connections < 1 || largeConnections < 1 || largeKib < 1 || phase.isZero()) {
      out.println(
          "--rate, --connections, --large-connections, --large-kib and --phase must be positive");
      return 2;
    }
    String runId = MllpBenchCommand.runId();
    out.printf(
        Locale.ROOT,
        "vigil bench large: %,.0f ordinary msgs/s on %d connections; %d connections of %,d KiB"
            + " PDFs; %s per phase; %d cores, max heap %,d MiB, run id %s%n",
        rate,
        connections,
        largeConnections,
        largeKib,
        SoakCommand.human(phase),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        runId);
    Path work = Files.createTempDirectory("vigil-bench-large-");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(work.resolve("pg"))) {
      HubConfig config =
          HubConfig.forDev(work.resolve("hub"))
              .withMllpPort(0)
              .withHttpPort(0)
              .withDatabase(db.jdbcUrl(), db.user(), db.password())
              .withRateLimit(MllpBenchCommand.BENCH_RATE_LIMIT);
      try (VigilHub hub = VigilHub.start(config)) {
        InetSocketAddress mllp = new InetSocketAddress("127.0.0.1", hub.mllpPort());
        ElrMessageFactory messages = new ElrMessageFactory(seed, runId, 1024, ZonedDateTime.now());
        AtomicLong largeSequence = new AtomicLong(1_000_000_000L);
        byte[] pdf = new byte[largeKib * 1024];
        new Random(seed).nextBytes(pdf);
        byte[] document = Base64.getEncoder().encode(pdf);
        out.printf(
            Locale.ROOT,
            "%-22s %9s %8s %8s %7s %8s %9s %9s %9s%n",
            "phase",
            "acks",
            "p50 ms",
            "p99 ms",
            "errors",
            "large",
            "large MB/s",
            "large p50",
            "heap MiB");
        Phase alone = run(mllp, messages, 0, 0, document, largeSequence);
        out.println(alone.line("ordinary alone"));
        Phase beside = run(mllp, messages, 1_000_000, largeConnections, document, largeSequence);
        out.println(beside.line("beside large"));
        long failed =
            alone.ordinary.errors()
                + alone.ordinary.nonAa()
                + beside.ordinary.errors()
                + beside.ordinary.nonAa()
                + beside.large.errors()
                + beside.large.nonAa();
        out.printf(
            Locale.ROOT,
            "ordinary p50 %.1fx, p99 %.1fx the baseline; large not AA or failed: %d%n",
            beside.ordinary.p50Ms() / alone.ordinary.p50Ms(),
            beside.ordinary.p99Ms() / alone.ordinary.p99Ms(),
            beside.large.errors() + beside.large.nonAa());
        return failed == 0 ? 0 : 1;
      }
    } finally {
      MllpBenchCommand.deleteRecursively(work);
    }
  }

  private record Phase(
      SoakWindow.Traffic ordinary,
      SoakWindow.Traffic large,
      long largeBytes,
      double seconds,
      long heapMib) {
    String line(String name) {
      return String.format(
          Locale.ROOT,
          "%-22s %,9d %8.2f %8.2f %7d %8d %9.1f %9.1f %9d",
          name,
          ordinary.acks(),
          ordinary.p50Ms(),
          ordinary.p99Ms(),
          ordinary.errors() + ordinary.nonAa(),
          large.acks(),
          largeBytes / 1e6 / seconds,
          large.p50Ms(),
          heapMib);
    }
  }

  private Phase run(
      InetSocketAddress mllp,
      ElrMessageFactory messages,
      long firstSequence,
      int large,
      byte[] document,
      AtomicLong largeSequence)
      throws InterruptedException {
    SoakWindow ordinary = new SoakWindow();
    SoakWindow largeWindow = new SoakWindow();
    AtomicLong largeBytes = new AtomicLong();
    List<Thread> senders = new ArrayList<>();
    long start = System.nanoTime();
    long end = start + phase.toNanos();
    try (PacedMllpLoad load =
        new PacedMllpLoad(
            mllp, messages, firstSequence, connections, rate, Duration.ofSeconds(60), ordinary)) {
      load.start();
      for (int i = 0; i < large; i++) {
        Thread t =
            new Thread(
                () ->
                    sendLarge(
                        mllp, messages, document, largeSequence, end, largeWindow, largeBytes),
                "bench-large-" + i);
        t.setDaemon(true);
        senders.add(t);
        t.start();
      }
      for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
        LockSupport.parkNanos(end - now);
      }
    }
    for (Thread t : senders) {
      t.join(60_000);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Phase(
        ordinary.drain(),
        largeWindow.drain(),
        largeBytes.get(),
        seconds,
        ProcessMemory.sampleAfterGc().heapUsedMib());
  }

  /** Large messages back to back on one connection until {@code end}. */
  private static void sendLarge(
      InetSocketAddress mllp,
      ElrMessageFactory messages,
      byte[] document,
      AtomicLong sequence,
      long end,
      SoakWindow window,
      AtomicLong bytes) {
    byte[] small = new byte[messages.maxFrameLength()];
    byte[] in = new byte[64 * 1024];
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(60_000);
      socket.connect(mllp, 10_000);
      while (System.nanoTime() < end) {
        byte[] frame =
            withDocument(small, messages.encodeFrame(sequence.getAndIncrement(), small), document);
        long sent = System.nanoTime();
        socket.getOutputStream().write(frame);
        int ackEnd = PacedMllpLoad.readAck(socket.getInputStream(), in);
        window.ack(System.nanoTime() - sent, MllpLoadGenerator.isAa(in, ackEnd));
        bytes.addAndGet(frame.length);
      }
    } catch (IOException | RuntimeException e) {
      window.error();
    }
  }

  /**
   * The framed message with one more result before its specimen: a laboratory report PDF as an
   * {@code ED} value (LOINC 11502-2), as labs send pathology and reference-lab reports.
   */
  static byte[] withDocument(byte[] frame, int length, byte[] base64) {
    String text = new String(frame, 0, length, StandardCharsets.ISO_8859_1);
    int spm = text.indexOf("\rSPM|");
    byte[] head = text.substring(0, spm + 1).getBytes(StandardCharsets.ISO_8859_1);
    byte[] obx =
        "OBX|90|ED|11502-2^Laboratory report^LN||^AP^PDF^Base64^"
            .getBytes(StandardCharsets.US_ASCII);
    byte[] obxTail = "||||||F\r".getBytes(StandardCharsets.US_ASCII);
    byte[] tail = text.substring(spm + 1).getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[head.length + obx.length + base64.length + obxTail.length + tail.length];
    int at = 0;
    for (byte[] part : new byte[][] {head, obx, base64, obxTail, tail}) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
