package io.vigil.hub.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * One soak sample: the hub's resources at the end of an interval and the traffic of that interval.
 *
 * @param elapsed time since the soak load started
 * @param heapAfterGcMib heap in use right after a full GC (the live set)
 * @param openFds open file descriptors of the hub's process ({@code /proc/self/fd}); -1 if unknown
 * @param liveThreads live threads of the hub's JVM
 * @param acks MLLP ACKs received in the interval
 * @param nonAa of which not {@code AA}
 * @param errors MLLP messages without an ACK (I/O error, timeout) in the interval
 * @param p50Ms median ACK latency of the interval
 * @param p99Ms 99th percentile ACK latency of the interval
 * @param httpOk FHIR Bundles answered 200 in the interval
 * @param httpErrors FHIR Bundles answered otherwise or failed
 */
record SoakSample(
    Duration elapsed,
    long heapAfterGcMib,
    long openFds,
    long liveThreads,
    long acks,
    long nonAa,
    long errors,
    double p50Ms,
    double p99Ms,
    long httpOk,
    long httpErrors) {

  double minutes() {
    return elapsed.toMillis() / 60_000.0;
  }

  /** The line printed for this sample. */
  String line() {
    long s = elapsed.toSeconds();
    return String.format(
        Locale.ROOT,
        "[soak] %02d:%02d  heap %,d MiB  fds %,d  threads %,d  acks %,d (non-AA %,d, errors %,d)"
            + "  p50 %.2f ms  p99 %.2f ms  fhir ok %,d errors %,d",
        s / 60,
        s % 60,
        heapAfterGcMib,
        openFds,
        liveThreads,
        acks,
        nonAa,
        errors,
        p50Ms,
        p99Ms,
        httpOk,
        httpErrors);
  }
}
