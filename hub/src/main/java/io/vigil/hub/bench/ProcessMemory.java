package io.vigil.hub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's memory for the benchmark report: heap in use after a full GC (the live set) and the
 * process resident set size.
 *
 * @param heapUsedMib heap used after {@code System.gc()}
 * @param rssMib {@code VmRSS} from {@code /proc/self/status}; {@code -1} where there is no procfs
 */
record ProcessMemory(long heapUsedMib, long rssMib) {

  static ProcessMemory sampleAfterGc() {
    ManagementFactory.getMemoryMXBean().gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long rssKib = readRssKib(Path.of("/proc/self/status"));
    return new ProcessMemory(heap >> 20, rssKib < 0 ? -1 : rssKib >> 10);
  }

  /** The {@code VmRSS:} line of a {@code /proc/<pid>/status} file, in KiB, or -1. */
  static long readRssKib(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          // "VmRSS:	  123456 kB"
          return Long.parseLong(line.substring(6).replace("kB", "").trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux, or an unexpected format: report unknown.
    }
    return -1;
  }
}
