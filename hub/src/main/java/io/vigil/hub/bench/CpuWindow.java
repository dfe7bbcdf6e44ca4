package io.vigil.hub.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a measured window's CPU went, per message: this JVM's threads by group (examination, store
 * writers, event loop, the load generator, JIT and GC as the remainder) and the PostgreSQL server's
 * processes on this machine (read from {@code /proc}, so a server on another host counts as zero).
 * On a 2-core machine the sum is what caps throughput, so the breakdown tells which side to make
 * cheaper.
 */
final class CpuWindow {
  /** Linux's USER_HZ: {@code /proc/<pid>/stat} times are in 1/100 s on every mainstream kernel. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private final long processBegin;
  private final ThreadCpu threadsBegin;
  private final long postgresBegin;
  private final long wallBegin;
  private final long jitBeginMillis;

  private CpuWindow() {
    this.jitBeginMillis = jitMillis();
    this.postgresBegin = postgresNanos();
    this.processBegin = ThreadCpu.processNanos();
    this.threadsBegin = ThreadCpu.sample();
    this.wallBegin = System.nanoTime();
  }

  static CpuWindow open() {
    return new CpuWindow();
  }

  /**
   * Prints the window's CPU per message: the JVM total and its {@code threads} largest thread
   * groups, then the PostgreSQL processes, then the share of the machine's cores that was busy.
   */
  void print(PrintStream out, String label, long messages, int threads) {
    long wall = System.nanoTime() - wallBegin;
    long process = ThreadCpu.processNanos() - processBegin;
    List<Map.Entry<String, Long>> byThread = ThreadCpu.sample().since(threadsBegin);
    long postgres = Math.max(0, postgresNanos() - postgresBegin);
    double n = Math.max(1, messages);
    out.printf(
        Locale.ROOT,
        "[%s] CPU per message: %.0f µs this JVM + %.0f µs PostgreSQL = %.0f µs"
            + " (%.2f of %d cores busy)%n",
        label,
        process / 1e3 / n,
        postgres / 1e3 / n,
        (process + postgres) / 1e3 / n,
        (process + postgres) / (double) wall,
        Runtime.getRuntime().availableProcessors());
    long inThreads = 0;
    for (int i = 0; i < byThread.size(); i++) {
      Map.Entry<String, Long> e = byThread.get(i);
      inThreads += e.getValue();
      if (i < threads) {
        out.printf(Locale.ROOT, "[%s]   %6.1f µs  %s%n", label, e.getValue() / 1e3 / n, e.getKey());
      }
    }
    out.printf(
        Locale.ROOT,
        "[%s]   %6.1f µs  (not in Java threads: JIT compiler, GC, VM)%n",
        label,
        Math.max(0, process - inThreads) / 1e3 / n);
    long jit = jitMillis();
    if (jit >= 0 && jitBeginMillis >= 0) {
      out.printf(
          Locale.ROOT,
          "[%s]   JIT compiling: %,d ms in the window (%.0f%% of a core)%n",
          label,
          jit - jitBeginMillis,
          (jit - jitBeginMillis) * 1e8 / wall);
    }
  }

  /** The JIT compilers' total time so far, in ms, or -1 where the JVM does not tell. */
  static long jitMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : -1;
  }

  /** CPU time of every process named {@code postgres} on this machine, in nanoseconds. */
  static long postgresNanos() {
    long ticks = 0;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        ticks += postgresTicks(p.resolve("stat"));
      }
    } catch (IOException e) {
      return 0; // not Linux: report nothing rather than fail the bench
    }
    return ticks * NANOS_PER_TICK;
  }

  private static long postgresTicks(Path stat) {
    try {
      return ticksIfPostgres(Files.readString(stat));
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended between listing and reading
    }
  }

  /**
   * utime + stime of one {@code /proc/<pid>/stat} line when its command is {@code postgres}, else
   * 0. The command sits in parentheses and may itself hold spaces or parentheses, so fields are
   * counted from the last closing parenthesis.
   */
  static long ticksIfPostgres(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open || !"postgres".equals(stat.substring(open + 1, close))) {
      return 0;
    }
    // After ")": state(3) ppid(4) ... utime(14) stime(15); split index 0 is field 3.
    String[] f = stat.substring(close + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
