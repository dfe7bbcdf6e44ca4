package io.vigil.ingest.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmallCellSuppressionTest {
  final SmallCellSuppression s = new SmallCellSuppression(11);

  /** One published total (index n) over parts 0..n-1. */
  static boolean[] oneGroup(SmallCellSuppression s, long... parts) {
    long[] counts = new long[parts.length + 1];
    long total = 0;
    int[] idx = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      counts[i] = parts[i];
      total += parts[i];
      idx[i] = i;
    }
    counts[parts.length] = total;
    return s.suppress(counts, List.of(new SmallCellSuppression.Group(parts.length, idx)));
  }

  @Test
  void withholdsOneToTenAndShowsZerosAndLargeCounts() {
    boolean[] hidden = s.suppress(new long[] {0, 1, 10, 11, 500}, List.of());
    assertThat(hidden).containsExactly(false, true, true, false, false);
  }

  @Test
  void aLoneSmallCellDragsTheSmallestOtherCellWithIt() {
    assertThat(oneGroup(s, 40, 3, 12, 40, 0))
        .containsExactly(false, true, true, false, false, false);
  }

  @Test
  void twoSmallCellsThatSumBelowKAreNotEnough() {
    // 1 + 1 = 2 would reveal that both are exactly 1.
    assertThat(oneGroup(s, 1, 1, 50, 60)).containsExactly(true, true, true, false, false);
  }

  @Test
  void whenNothingElseCanBeWithheldTheTotalIs() {
    // 3 and 0: withholding the 0 protects nothing; the total 3 is small anyway.
    assertThat(oneGroup(s, 3, 0)).containsExactly(true, false, true);
    // 30 and 4 in a group of two: both parts withheld, total 34 shown — still safe (sum ≥ k).
    assertThat(oneGroup(s, 30, 4)).containsExactly(true, true, false);
  }

  @Test
  void latticeMarginsAreConsistentWhicheverBreakdownIsAsked() {
    CountLattice lattice =
        new CountLattice(List.of(List.of("0-4", "5-17", "18-49"), List.of("F", "M")));
    lattice.add(List.of("0-4", "F"), 30);
    lattice.add(List.of("0-4", "M"), 4);
    lattice.add(List.of("5-17", "F"), 25);
    lattice.add(List.of("5-17", "M"), 26);
    lattice.add(List.of("18-49", "M"), 40);
    boolean[] hidden = s.suppress(lattice.counts(), lattice.groups());
    assertThat(lattice.count(List.of("*", "*"))).isEqualTo(125);
    assertThat(lattice.count(List.of("0-4", "*"))).isEqualTo(34);
    assertThat(hidden[lattice.index(List.of("0-4", "M"))]).isTrue();
    for (SmallCellSuppression.Group g : lattice.groups()) {
      assertNotRecoverable(lattice.counts(), hidden, g);
    }
  }

  /**
   * The differencing attack: for every group whose total is shown, the attacker knows the total and
   * every shown part, so learns the sum of the withheld parts. That must never pin down a single
   * withheld count: either nothing is withheld, or ≥ 2 parts are and their sum is ≥ k. Tables are
   * random three-level lattices (county × age band × sex with all margins).
   */
  @Test
  void differencingNeverRecoversAWithheldCount() {
    Random random = new Random(20261122);
    for (int trial = 0; trial < 500; trial++) {
      List<List<String>> dims = new ArrayList<>();
      for (int d = 0; d < 3; d++) {
        int n = 1 + random.nextInt(4);
        List<String> v = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          v.add("v" + i);
        }
        dims.add(v);
      }
      Map<List<String>, Long> cells = new HashMap<>();
      for (String a : dims.get(0)) {
        for (String b : dims.get(1)) {
          for (String c : dims.get(2)) {
            int r = random.nextInt(10);
            cells.put(
                List.of(a, b, c),
                r < 3 ? 0L : r < 7 ? 1L + random.nextInt(10) : 11L + random.nextInt(200));
          }
        }
      }
      CountLattice lattice = CountLattice.of(dims, cells);
      long[] counts = lattice.counts();
      boolean[] hidden = s.suppress(counts, lattice.groups());
      for (int i = 0; i < counts.length; i++) {
        if (s.isSmall(counts[i])) {
          assertThat(hidden[i]).as("small count shown").isTrue();
        }
      }
      for (SmallCellSuppression.Group g : lattice.groups()) {
        assertNotRecoverable(counts, hidden, g);
      }
    }
  }

  @Test
  void countiesAndTheirStatesAreProtectedTogether() {
    Random random = new Random(7);
    for (int trial = 0; trial < 300; trial++) {
      List<String> counties = List.of("17031", "17043", "17000", "18097", "18000");
      Map<String, List<String>> states =
          Map.of("17", List.of("17031", "17043", "17000"), "18", List.of("18097", "18000"));
      CountLattice lattice =
          new CountLattice(List.of(counties, List.of("0-4", "5-17", "18-49")), states);
      for (String c : counties) {
        for (String a : List.of("0-4", "5-17", "18-49")) {
          int r = random.nextInt(10);
          lattice.add(
              List.of(c, a), r < 3 ? 0 : r < 7 ? 1 + random.nextInt(10) : 11 + random.nextInt(90));
        }
      }
      assertThat(lattice.count(List.of("17", "*")))
          .isEqualTo(
              lattice.count(List.of("17031", "*"))
                  + lattice.count(List.of("17043", "*"))
                  + lattice.count(List.of("17000", "*")));
      assertThat(lattice.count(List.of("*", "0-4")))
          .isEqualTo(lattice.count(List.of("17", "0-4")) + lattice.count(List.of("18", "0-4")));
      boolean[] hidden = s.suppress(lattice.counts(), lattice.groups());
      for (SmallCellSuppression.Group g : lattice.groups()) {
        assertNotRecoverable(lattice.counts(), hidden, g);
      }
    }
  }

  static void assertNotRecoverable(long[] counts, boolean[] hidden, SmallCellSuppression.Group g) {
    if (hidden[g.total()]) {
      return;
    }
    long withheld = 0;
    long sum = 0;
    for (int i : g.parts()) {
      if (hidden[i]) {
        withheld++;
        sum += counts[i];
      }
    }
    assertThat(withheld == 0 || (withheld >= 2 && sum >= 11))
        .as("a withheld count is recoverable from total %d", counts[g.total()])
        .isTrue();
  }
}
