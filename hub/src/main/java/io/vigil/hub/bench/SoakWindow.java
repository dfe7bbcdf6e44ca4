package io.vigil.hub.bench;

import java.util.Arrays;

/**
 * What the soak load saw during one sample interval: ACK latencies and counts, FHIR answers. The
 * load threads record; the sampler {@link #drain drains} once per interval, which starts the next.
 */
final class SoakWindow {
  private long[] latencies = new long[4096];
  private int count;
  private long nonAa;
  private long errors;
  private long httpOk;
  private long httpErrors;

  /** The interval's traffic: counts and ACK latency percentiles. */
  record Traffic(
      long acks,
      long nonAa,
      long errors,
      double p50Ms,
      double p99Ms,
      long httpOk,
      long httpErrors) {}

  synchronized void ack(long latencyNanos, boolean aa) {
    if (count == latencies.length) {
      latencies = Arrays.copyOf(latencies, count * 2);
    }
    latencies[count++] = latencyNanos;
    if (!aa) {
      nonAa++;
    }
  }

  synchronized void error() {
    errors++;
  }

  synchronized void http(boolean ok) {
    if (ok) {
      httpOk++;
    } else {
      httpErrors++;
    }
  }

  /** The traffic since the previous drain; starts a new interval. */
  synchronized Traffic drain() {
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    Traffic t =
        new Traffic(
            count,
            nonAa,
            errors,
            MllpLoadGenerator.percentileMs(sorted, 0.50),
            MllpLoadGenerator.percentileMs(sorted, 0.99),
            httpOk,
            httpErrors);
    count = 0;
    nonAa = 0;
    errors = 0;
    httpOk = 0;
    httpErrors = 0;
    return t;
  }
}
