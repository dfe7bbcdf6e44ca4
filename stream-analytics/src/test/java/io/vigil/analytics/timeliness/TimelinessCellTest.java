package io.vigil.analytics.timeliness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimelinessCellTest {

  @Test
  void percentilesAreNearestRank() {
    long[] values = {400, 100, 300, 200};
    assertThat(TimelinessCell.percentile(values, 4, 0.5)).isEqualTo(200); // rank ceil(2) = 2
    assertThat(TimelinessCell.percentile(values, 4, 0.9)).isEqualTo(400); // rank ceil(3.6) = 4
    assertThat(TimelinessCell.percentile(values, 3, 0.5)).isEqualTo(300); // of 400,100,300
    assertThat(TimelinessCell.percentile(new long[] {7}, 1, 0.9)).isEqualTo(7);
    assertThat(TimelinessCell.percentile(new long[0], 0, 0.5)).isNull();
  }

  @Test
  void mergingNewValuesIntoTheSortedPrefixEqualsAFullSort() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    long[] values = new long[0];
    int n = 0;
    int sorted = 0;
    java.util.List<Long> all = new java.util.ArrayList<>();
    for (int round = 0; round < 50; round++) {
      int k = random.nextInt(40);
      for (int i = 0; i < k; i++) {
        long v = random.nextLong(-100, 5000);
        if (n == values.length) {
          values = java.util.Arrays.copyOf(values, Math.max(8, n * 2));
        }
        values[n++] = v;
        all.add(v);
      }
      sorted = TimelinessCell.sortTail(values, sorted, n);
      long[] expected = all.stream().mapToLong(Long::longValue).sorted().toArray();
      assertThat(java.util.Arrays.copyOf(values, n)).containsExactly(expected);
      if (n > 0) {
        assertThat(TimelinessCell.sortedPercentile(values, n, 0.9))
            .isEqualTo(TimelinessCell.percentile(expected, n, 0.9));
      }
    }
  }

  @Test
  void percentagesAreNullWithoutADenominator() {
    assertThat(TimelinessCell.pct(0, 0)).isNull();
    assertThat(TimelinessCell.pct(1, 3)).isEqualTo(100.0 / 3);
  }
}
