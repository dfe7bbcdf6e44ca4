package io.vigil.ingest.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SmallCellSuppressionTest {
  final SmallCellSuppression s = new SmallCellSuppression(11);

  static Set<Integer> all(int n) {
    return IntStream.range(0, n).boxed().collect(Collectors.toSet());
  }

  @Test
  void withholdsOneToTenAndShowsZerosAndLargeCounts() {
    boolean[] hidden = s.suppress(new long[] {0, 1, 10, 11, 500}, List.of());
    assertThat(hidden).containsExactly(false, true, true, false, false);
  }

  @Test
  void aLoneSmallCellDragsTheSmallestOtherCellWithIt() {
    // Age bands of one week: the total 95 is published, 3 is small.
    long[] counts = {40, 3, 12, 40, 0};
    boolean[] hidden = s.suppress(counts, List.of(all(5)));
    assertThat(hidden).containsExactly(false, true, true, false, false);
  }

  @Test
  void twoSmallCellsThatSumBelowKAreNotEnough() {
    // 1 + 1 = 2 would reveal that both are exactly 1.
    long[] counts = {1, 1, 50, 60};
    boolean[] hidden = s.suppress(counts, List.of(all(4)));
    assertThat(hidden).containsExactly(true, true, true, false);
  }

  @Test
  void smallTotalIsWithheldToo() {
    long[] counts = {2, 3};
    boolean[] hidden = s.suppress(counts, List.of(all(2)));
    assertThat(s.suppressTotal(5, counts, hidden, all(2))).isTrue();
    assertThat(s.suppressTotal(0, new long[] {0, 0}, new boolean[2], all(2))).isFalse();
  }

  @Test
  void rowsAndColumnsOfATableAreProtectedTogether() {
    // age (rows) x sex (columns): row, column and grand totals can all be queried.
    long[] counts = {30, 4, 25, 26, 0, 40};
    List<Set<Integer>> groups =
        List.of(Set.of(0, 1), Set.of(2, 3), Set.of(4, 5), Set.of(0, 2, 4), Set.of(1, 3, 5), all(6));
    boolean[] hidden = s.suppress(counts, groups);
    for (Set<Integer> g : groups) {
      assertNotRecoverable(counts, hidden, g);
    }
  }

  /**
   * The differencing attack: for every group, the attacker knows the total and every shown cell, so
   * learns the sum of the withheld cells. That must never pin down any single withheld cell: either
   * nothing is withheld, or ≥ 2 cells are and their sum is ≥ k.
   */
  @Test
  void differencingNeverRecoversAWithheldCell() {
    Random random = new Random(20261122);
    for (int trial = 0; trial < 2000; trial++) {
      int rows = 2 + random.nextInt(5);
      int cols = 2 + random.nextInt(3);
      long[] counts = new long[rows * cols];
      for (int i = 0; i < counts.length; i++) {
        int r = random.nextInt(10);
        counts[i] = r < 3 ? 0 : r < 7 ? 1 + random.nextInt(10) : 11 + random.nextInt(200);
      }
      List<Set<Integer>> groups = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        int row = r;
        groups.add(
            IntStream.range(0, cols).map(c -> row * cols + c).boxed().collect(Collectors.toSet()));
      }
      for (int c = 0; c < cols; c++) {
        int col = c;
        groups.add(
            IntStream.range(0, rows).map(r -> r * cols + col).boxed().collect(Collectors.toSet()));
      }
      groups.add(all(counts.length));
      boolean[] hidden = s.suppress(counts, groups);
      for (int i = 0; i < counts.length; i++) {
        if (s.isSmall(counts[i])) {
          assertThat(hidden[i]).as("small cell shown").isTrue();
        }
      }
      for (Set<Integer> g : groups) {
        long total = g.stream().mapToLong(i -> counts[i]).sum();
        if (!s.suppressTotal(total, counts, hidden, g)) {
          assertNotRecoverable(counts, hidden, g);
        }
      }
    }
  }

  static void assertNotRecoverable(long[] counts, boolean[] hidden, Set<Integer> group) {
    long withheld = group.stream().filter(i -> hidden[i]).count();
    long sum = group.stream().filter(i -> hidden[i]).mapToLong(i -> counts[i]).sum();
    assertThat(withheld == 0 || (withheld >= 2 && sum >= 11))
        .as("group %s of %s with hidden %s is recoverable", group, counts, hidden)
        .isTrue();
  }
}
