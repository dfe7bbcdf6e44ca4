package io.vigil.hub.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;

/**
 * One measured load against an MLLP receiver: a warm-up, then the measured messages, with progress
 * lines while it runs.
 *
 * @param out where progress and the summary line go
 * @param connections concurrent connections
 * @param messages measured messages
 * @param warmup unmeasured messages first
 * @param ackTimeout how long a message may wait for its ACK
 */
record BenchLoad(PrintStream out, int connections, int messages, int warmup, Duration ackTimeout) {

  MllpLoadGenerator.Result run(
      String label, InetSocketAddress address, ElrMessageFactory factory, long firstSequence)
      throws IOException {
    MllpLoadGenerator generator =
        new MllpLoadGenerator(address, connections, ackTimeout, Duration.ofSeconds(2));
    if (warmup > 0) {
      out.printf(Locale.ROOT, "[%s] warm-up: %,d messages%n", label, warmup);
      MllpLoadGenerator.Result w =
          generator.run(factory.frames(firstSequence, warmup), progress(label + " warm-up"));
      if (w.errors() > 0 || w.nonAa() > 0) {
        out.printf(
            Locale.ROOT,
            "[%s] warm-up: %,d errors, %,d non-AA ACKs%n",
            label,
            w.errors(),
            w.nonAa());
      }
    }
    out.printf(Locale.ROOT, "[%s] measuring: %,d messages%n", label, messages);
    CpuWindow cpu = CpuWindow.open();
    MllpLoadGenerator.Result r =
        generator.run(factory.frames(firstSequence + warmup, messages), progress(label));
    cpu.print(out, label, r.messages(), 8);
    out.printf(
        Locale.ROOT,
        "[%s] %,d msgs in %.2f s = %,.0f msgs/s, p50 %.2f ms, p99 %.2f ms, non-AA %,d,"
            + " errors %,d%n",
        label,
        r.messages(),
        r.seconds(),
        r.msgsPerSecond(),
        r.p50Ms(),
        r.p99Ms(),
        r.nonAa(),
        r.errors());
    return r;
  }

  private MllpLoadGenerator.ProgressListener progress(String label) {
    long[] last = new long[2]; // acknowledged, elapsed nanos at the previous report
    return (acked, total, elapsed) -> {
      double rate = (acked - last[0]) / Math.max(1e-9, (elapsed - last[1]) / 1e9);
      last[0] = acked;
      last[1] = elapsed;
      out.printf(
          Locale.ROOT,
          "  [%s] %,d / %,d msgs, %,.0f msgs/s now, %.0f s%n",
          label,
          acked,
          total,
          rate,
          elapsed / 1e9);
    };
  }
}
