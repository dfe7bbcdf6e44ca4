package io.vigil.analytics.timeliness;

import io.vigil.analytics.job.Report;
import java.util.Arrays;

/**
 * Running timeliness figures of one sender × condition × MMWR week (of the received day). Keeps
 * every lag value so percentiles are exact: at sender-condition-week scale that is a few thousand
 * longs per cell at most, and the state expires with the retention. A Flink POJO.
 */
public final class TimelinessCell {
  static final long DAY_MINUTES = 1440;

  public String senderId;
  public String condition;

  /** Sunday of the MMWR week of the received day (epoch day). */
  public long weekStart;

  public long reports;
  public long[] collectedLags = new long[0];
  public int collectedN;

  /** collectedLags[0, collectedSorted) is sorted; later values are appended unsorted. */
  public int collectedSorted;

  public long[] resultedLags = new long[0];
  public int resultedN;
  public int resultedSorted;
  public long received24hAfterResult;
  public long collected1d;
  public long collected3d;
  public long collected7d;
  public long missingCollected;
  public long missingResulted;
  public long missingCreated;
  public long resultsBeforeCollection;

  public TimelinessCell() {}

  TimelinessCell(String senderId, String condition, long weekStart) {
    this.senderId = senderId;
    this.condition = condition;
    this.weekStart = weekStart;
  }

  void add(Report e) {
    reports++;
    Long collected = e.collectedToReceivedMinutes;
    if (collected == null) {
      missingCollected++;
    } else {
      collectedLags = append(collectedLags, collectedN++, collected);
      collected1d += collected <= DAY_MINUTES ? 1 : 0;
      collected3d += collected <= 3 * DAY_MINUTES ? 1 : 0;
      collected7d += collected <= 7 * DAY_MINUTES ? 1 : 0;
    }
    Long resulted = e.resultedToReceivedMinutes;
    if (resulted == null) {
      missingResulted++;
    } else {
      resultedLags = append(resultedLags, resultedN++, resulted);
      received24hAfterResult += resulted <= DAY_MINUTES ? 1 : 0;
    }
    if (e.createdToReceivedMinutes == null) {
      missingCreated++;
    }
    if (e.resultBeforeCollection) {
      resultsBeforeCollection++;
    }
  }

  private static long[] append(long[] values, int size, long value) {
    long[] out = size < values.length ? values : Arrays.copyOf(values, Math.max(8, size * 2));
    out[size] = value;
    return out;
  }

  /**
   * Nearest-rank percentile (the smallest value with at least {@code q} of the values at or below
   * it), or null when there are no values. The median of an even count is the lower middle value.
   */
  static Long percentile(long[] values, int n, double q) {
    if (n == 0) {
      return null;
    }
    long[] sorted = Arrays.copyOf(values, n);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * n);
    return sorted[Math.max(rank, 1) - 1];
  }

  static Double pct(long part, long whole) {
    return whole == 0 ? null : 100.0 * part / whole;
  }

  /**
   * Sorts the values appended since the last call and merges them into the sorted prefix: O(n + k
   * log k) per emission instead of re-sorting every value of a large sender-week each time. The
   * merge runs from the back, so only the k new values are copied, not the whole prefix.
   */
  static int sortTail(long[] values, int sorted, int n) {
    if (sorted >= n) {
      return n;
    }
    Arrays.sort(values, sorted, n);
    if (sorted > 0 && values[sorted - 1] > values[sorted]) {
      long[] tail = Arrays.copyOfRange(values, sorted, n);
      int i = sorted - 1;
      int j = tail.length - 1;
      int k = n - 1;
      while (j >= 0) {
        values[k--] = i >= 0 && values[i] > tail[j] ? values[i--] : tail[j--];
      }
    }
    return n;
  }

  /** Nearest-rank percentile of the first n values, which are sorted. */
  static Long sortedPercentile(long[] sorted, int n, double q) {
    if (n == 0) {
      return null;
    }
    int rank = (int) Math.ceil(q * n);
    return sorted[Math.max(rank, 1) - 1];
  }

  TimelinessRow toRow() {
    collectedSorted = sortTail(collectedLags, collectedSorted, collectedN);
    resultedSorted = sortTail(resultedLags, resultedSorted, resultedN);
    return new TimelinessRow(
        senderId,
        condition,
        weekStart,
        reports,
        sortedPercentile(collectedLags, collectedN, 0.5),
        sortedPercentile(collectedLags, collectedN, 0.9),
        sortedPercentile(resultedLags, resultedN, 0.5),
        sortedPercentile(resultedLags, resultedN, 0.9),
        pct(received24hAfterResult, resultedN),
        pct(collected1d, collectedN),
        pct(collected3d, collectedN),
        pct(collected7d, collectedN),
        pct(missingCollected, reports),
        pct(missingResulted, reports),
        pct(missingCreated, reports),
        resultsBeforeCollection,
        resultedN,
        received24hAfterResult);
  }
}
