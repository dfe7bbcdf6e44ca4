package io.vigil.anchoring.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inclusive block range into consecutive windows of at most {@code span} blocks, the
 * ranges of paged {@code eth_getLogs} requests (nodes refuse or truncate one request over a long
 * chain).
 */
final class BlockWindows {

  /** One inclusive window {@code [from, to]}. */
  record Window(long from, long to) {}

  private BlockWindows() {}

  /**
   * The windows covering {@code [first, last]} in increasing order; empty when {@code first >
   * last}.
   */
  static List<Window> between(long first, long last, long span) {
    if (span < 1 || first < 0) {
      throw new IllegalArgumentException("span must be positive and first not negative");
    }
    List<Window> windows = new ArrayList<>();
    long from = first;
    while (from <= last) {
      // Written so that from + span cannot overflow near Long.MAX_VALUE.
      long to = last - from < span ? last : from + span - 1;
      windows.add(new Window(from, to));
      if (to == last) {
        break;
      }
      from = to + 1;
    }
    return windows;
  }
}
