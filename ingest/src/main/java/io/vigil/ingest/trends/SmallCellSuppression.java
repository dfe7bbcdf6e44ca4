package io.vigil.ingest.trends;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Small-cell suppression for counts that leave the hub. Primary: a count of 1..k−1 is withheld
 * (true zeros may show). Complementary: a withheld count must not be recoverable by subtraction
 * from a total someone can see; for every group of cells whose total can be obtained (from the same
 * response or another query), the withheld cells of the group must be at least two and together at
 * least k, otherwise the smallest shown non-zero cell of the group is withheld too, until that
 * holds or the whole group is withheld (its total then is itself withheld if it is 1..k−1). A
 * group's withheld cells can then only be recovered as a sum of ≥ 2 cells adding to ≥ k, which says
 * nothing certain about any one of them.
 *
 * <p>Suppression is deterministic in the cell values, so two queries that share a margin suppress
 * it the same way, and differencing across queries gains nothing that one query does not give.
 */
public final class SmallCellSuppression {
  private final int k;

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
   * Which cells to withhold.
   *
   * @param counts the true count of each cell
   * @param groups sets of cell indexes whose sum is (or can be) published as a total; each cell may
   *     belong to several groups (rows and columns of a table)
   * @return per cell, true when withheld
   */
  public boolean[] suppress(long[] counts, List<Set<Integer>> groups) {
    boolean[] hidden = new boolean[counts.length];
    for (int i = 0; i < counts.length; i++) {
      hidden[i] = isSmall(counts[i]);
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Set<Integer> group : groups) {
        changed |= protect(counts, hidden, group);
      }
    }
    return hidden;
  }

  /** Withholds more cells of {@code group} until its withheld part is safe; true if it did. */
  private boolean protect(long[] counts, boolean[] hidden, Set<Integer> group) {
    boolean changed = false;
    while (true) {
      int withheld = 0;
      long withheldSum = 0;
      for (int i : group) {
        if (hidden[i]) {
          withheld++;
          withheldSum += counts[i];
        }
      }
      if (withheld == 0 || (withheld >= 2 && withheldSum >= k)) {
        return changed;
      }
      int next = smallestShownNonZero(counts, hidden, group);
      if (next < 0) {
        // Nothing left to withhold: the total is the only thing that can still leak; callers
        // withhold a total that is itself small (see suppressTotal).
        return changed;
      }
      hidden[next] = true;
      changed = true;
    }
  }

  private static int smallestShownNonZero(long[] counts, boolean[] hidden, Set<Integer> group) {
    int best = -1;
    List<Integer> sorted = new ArrayList<>(group);
    sorted.sort(null); // deterministic tie-break by index
    for (int i : sorted) {
      if (!hidden[i] && counts[i] > 0 && (best < 0 || counts[i] < counts[best])) {
        best = i;
      }
    }
    return best;
  }

  /**
   * Whether a group total must be withheld: when it is small itself, or when exactly one of its
   * cells is withheld and no other non-zero cell could be withheld with it (the total would give
   * that cell away).
   */
  public boolean suppressTotal(long total, long[] counts, boolean[] hidden, Set<Integer> group) {
    if (isSmall(total)) {
      return true;
    }
    int withheld = 0;
    long withheldSum = 0;
    for (int i : group) {
      if (hidden[i]) {
        withheld++;
        withheldSum += counts[i];
      }
    }
    return withheld > 0 && (withheld < 2 || withheldSum < k);
  }
}
