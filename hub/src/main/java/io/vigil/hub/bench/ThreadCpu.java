package io.vigil.hub.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of this JVM's threads at one instant, to tell where a measured window's CPU went (which
 * Flink task, the broker, the JIT). Threads are grouped by name with digits folded, so the eight
 * broker request handlers add up to one line. Threads that end inside the window are not counted;
 * the process total is.
 */
final class ThreadCpu {
  private final Map<Long, Long> nanosById;
  private final Map<Long, String> names;

  private ThreadCpu(Map<Long, Long> nanosById, Map<Long, String> names) {
    this.nanosById = nanosById;
    this.names = names;
  }

  static ThreadCpu sample() {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Map<Long, Long> nanos = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = bean.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) {
        nanos.put(info.getThreadId(), cpu);
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    return new ThreadCpu(nanos, names);
  }

  /** The process's CPU time (all threads, including JIT and GC) in nanoseconds. */
  static long processNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Time the JIT compilers have spent compiling, in milliseconds (-1 if not reported). */
  static long jitMillis() {
    var jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : -1;
  }

  /** Collections so far and their accumulated time in milliseconds, over all collectors. */
  static long[] gcCountAndMillis() {
    long count = 0;
    long millis = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  /** CPU nanoseconds spent since {@code earlier} per thread group, largest first. */
  List<Map.Entry<String, Long>> since(ThreadCpu earlier) {
    Map<String, Long> byGroup = new HashMap<>();
    nanosById.forEach(
        (id, now) -> {
          long spent = now - earlier.nanosById.getOrDefault(id, 0L);
          if (spent > 0) {
            byGroup.merge(group(names.get(id)), spent, Long::sum);
          }
        });
    List<Map.Entry<String, Long>> out = new ArrayList<>(byGroup.entrySet());
    out.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    return out;
  }

  /** A thread name with digit runs folded to {@code #} and Flink's attempt suffix dropped. */
  static String group(String name) {
    String n = name.replaceAll("\\s*\\(\\d+/\\d+\\)#\\d+.*$", "").replaceAll("\\d+", "#");
    return n.length() > 90 ? n.substring(0, 90) + "…" : n;
  }
}
