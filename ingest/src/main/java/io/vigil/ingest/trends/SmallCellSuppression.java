package io.vigil.ingest.trends;

import java.util.List;
import java.util.Objects;

/**
 * Small-cell suppression for counts that leave the hub. Primary: a count of 1..k−1 is withheld
 * (true zeros may show). Complementary: a withheld count must not be recoverable by subtraction.
 * Counts form groups — a total and the parts that add up to it, e.g. a week's total and its age
 * bands, or a state and its counties — and for every group whose total is shown, the withheld parts
 * must be at least two and together at least k; otherwise the smallest shown non-zero part is
 * withheld too, and when no part is left to withhold, the total itself is withheld (which may in
 * turn protect the group above it). Differencing a shown total then only yields a sum of ≥ 2
 * withheld parts adding to ≥ k, which pins down none of them.
 *
 * <p>The result depends only on the counts, so two queries that share a total suppress it alike:
 * differencing across queries gains nothing one query does not give.
 */
public final class SmallCellSuppression {
  private final int k;

  /**
   * One total and the parts that add up to it (indexes into the counts).
   *
   * @param total index of the total
   * @param parts indexes of its parts
   */
  public record Group(int total, int[] parts) {
    public Group {
      Objects.requireNonNull(parts, "parts");
    }
  }

  /**
   * @param k the threshold: counts 1..k−1 are withheld; default 11
   */
  public SmallCellSuppression(int k) {
    if (k < 2) {
      throw new IllegalArgumentException("k must be at least 2");
    }
    this.k = k;
  }

  public int k() {
    return k;
  }

  /** True when {@code count} is withheld on its own (1..k−1). */
  public boolean isSmall(long count) {
    return count > 0 && count < k;
  }

  /**
   * Which counts to withhold.
   *
   * @param counts every count, totals included
   * @param groups the additive relations between them
   * @return per count, true when withheld
   */
  public boolean[] suppress(long[] counts, List<Group> groups) {
    boolean[] hidden = new boolean[counts.length];
    for (int i = 0; i < counts.length; i++) {
      hidden[i] = isSmall(counts[i]);
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Group group : groups) {
        changed |= protect(counts, hidden, group);
      }
    }
    return hidden;
  }

  /** Withholds more of {@code group} until its withheld parts are safe; true if it did. */
  private boolean protect(long[] counts, boolean[] hidden, Group group) {
    boolean changed = false;
    while (!hidden[group.total()]) {
      int withheld = 0;
      long withheldSum = 0;
      for (int i : group.parts()) {
        if (hidden[i]) {
          withheld++;
          withheldSum += counts[i];
        }
      }
      if (withheld == 0 || (withheld >= 2 && withheldSum >= k)) {
        return changed;
      }
      int next = smallestShownNonZero(counts, hidden, group.parts());
      hidden[next < 0 ? group.total() : next] = true;
      changed = true;
    }
    return changed;
  }

  private static int smallestShownNonZero(long[] counts, boolean[] hidden, int[] parts) {
    int best = -1;
    for (int i : parts) {
      if (!hidden[i]
          && counts[i] > 0
          && (best < 0 || counts[i] < counts[best] || (counts[i] == counts[best] && i < best))) {
        best = i;
      }
    }
    return best;
  }
}
