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
 * <p>With a {@code settleLimit}, the warm-up goes on past {@code warmup} messages, in rounds, until
 * this JVM's JIT compilers are nearly idle: HAPI's and the hub's code is still being compiled after
 * tens of thousands of messages (a C2 thread busy for the first ~25 s on 2 cores), and a window
 * measured while it compiles measures start-up, not the receiver a sender talks to for weeks. The
 * receiver must run in this JVM for that to mean anything ({@code --target} does not).
 *
 * @param out where progress and the summary line go
 * @param connections concurrent connections
 * @param messages measured messages
 * @param warmup unmeasured messages first
 * @param ackTimeout how long a message may wait for its ACK
 * @param settleLimit how long the warm-up may go on waiting for the JIT to settle; zero: it does
 *     not
 */
record BenchLoad(
    PrintStream out,
    int connections,
    int messages,
    int warmup,
    Duration ackTimeout,
    Duration settleLimit) {

  /**
   * JIT compile time per second of load below which the JVM counts as warm: 5% of one core. Found
   * by watching the compile queue drain under bench load: it falls from ~100% of a core to ~1–3%.
   */
  static final double SETTLED_COMPILE_SHARE = 0.05;

  /** A load whose warm-up is {@code warmup} messages, however busy the JIT still is. */
  BenchLoad(PrintStream out, int connections, int messages, int warmup, Duration ackTimeout) {
    this(out, connections, messages, warmup, ackTimeout, Duration.ZERO);
  }

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
    settle(label, generator, factory, firstSequence + warmup + messages);
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

  /**
   * Sends further warm-up rounds, from sequence {@code nextSequence} on, while the JIT compiled for
   * more than {@link #SETTLED_COMPILE_SHARE} of the round's time, for at most {@link #settleLimit}.
   */
  private void settle(
      String label, MllpLoadGenerator generator, ElrMessageFactory factory, long nextSequence)
      throws IOException {
    if (settleLimit.isZero() || CpuWindow.jitMillis() < 0) {
      return;
    }
    // About two seconds of load at the rates this machine kind reaches.
    int round = Math.max(5_000, connections * 250);
    long deadline = System.nanoTime() + settleLimit.toNanos();
    long sequence = nextSequence;
    while (true) {
      long compiledBefore = CpuWindow.jitMillis();
      long begin = System.nanoTime();
      MllpLoadGenerator.Result r =
          generator.run(factory.frames(sequence, round), (acked, total, elapsed) -> {});
      sequence += round;
      double seconds = (System.nanoTime() - begin) / 1e9;
      double share = (CpuWindow.jitMillis() - compiledBefore) / 1e3 / seconds;
      boolean settled = share < SETTLED_COMPILE_SHARE;
      boolean outOfTime = System.nanoTime() - deadline >= 0;
      out.printf(
          Locale.ROOT,
          "  [%s warm-up] JIT compiling %.0f%% of a core over %,d more msgs (%,.0f msgs/s)%s%n",
          label,
          share * 100,
          round,
          r.msgsPerSecond(),
          settled ? ": settled" : outOfTime ? ": not settled, measuring anyway" : "");
      if (settled || outOfTime || r.errors() > 0) {
        return;
      }
    }
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
