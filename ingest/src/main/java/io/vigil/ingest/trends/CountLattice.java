package io.vigil.ingest.trends;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts over a few dimensions together with every total anyone could obtain by querying them with
 * any breakdown: each dimension can be summed out (written {@link #ALL}), and the first dimension
 * may be hierarchical (counties rolled up into their states). Suppressing the whole lattice at once
 * keeps every breakdown and every jurisdiction level consistent with the others.
 */
public final class CountLattice {
  /** The value of a summed-out dimension. */
  public static final String ALL = "*";

  private final List<List<String>> values;
  private final Map<String, List<String>> rollups;
  private final List<String> rollupNames;
  private final List<Map<String, Integer>> positions = new ArrayList<>();
  private final Map<String, String> parentOf = new HashMap<>();
  private final int[] radix;
  private final long[] counts;

  /**
   * A lattice over crossed dimensions.
   *
   * @param values per dimension, its values (without {@link #ALL})
   */
  public CountLattice(List<List<String>> values) {
    this(values, Map.of());
  }

  /**
   * A lattice whose first dimension rolls up: {@code rollups} maps each parent (a state) to its
   * children among {@code values.get(0)} (its counties). Parents are nodes of the first dimension
   * too, so a state total and its county totals are protected together.
   */
  public CountLattice(List<List<String>> values, Map<String, List<String>> rollups) {
    this.values = values.stream().map(List::copyOf).toList();
    this.rollups = new LinkedHashMap<>(rollups);
    this.rollupNames = List.copyOf(this.rollups.keySet());
    this.radix = new int[values.size()];
    int size = 1;
    for (int d = 0; d < values.size(); d++) {
      Map<String, Integer> p = new HashMap<>();
      List<String> v = values.get(d);
      for (int i = 0; i < v.size(); i++) {
        p.put(v.get(i), i + 1); // 0 is ALL
      }
      if (d == 0) {
        for (int r = 0; r < rollupNames.size(); r++) {
          p.put(rollupNames.get(r), v.size() + 1 + r);
          for (String child : this.rollups.get(rollupNames.get(r))) {
            parentOf.put(child, rollupNames.get(r));
          }
        }
      }
      positions.add(p);
      radix[d] = p.size() + 1;
      size = Math.multiplyExact(size, radix[d]);
    }
    this.counts = new long[size];
  }

  /** Adds {@code count} to a full cell and to every total above it. */
  public void add(List<String> cell, long count) {
    int dims = cell.size();
    int[][] choices = new int[dims][];
    for (int d = 0; d < dims; d++) {
      Integer p = positions.get(d).get(cell.get(d));
      if (p == null || p > values.get(d).size()) {
        throw new IllegalArgumentException("unknown value " + cell.get(d) + " in dimension " + d);
      }
      String parent = d == 0 ? parentOf.get(cell.get(d)) : null;
      choices[d] =
          parent == null ? new int[] {p, 0} : new int[] {p, 0, positions.get(0).get(parent)};
    }
    addAll(choices, 0, 0, count);
  }

  private void addAll(int[][] choices, int d, int index, long count) {
    if (d == choices.length) {
      counts[index] += count;
      return;
    }
    for (int c : choices[d]) {
      addAll(choices, d + 1, index * radix[d] + c, count);
    }
  }

  public long[] counts() {
    return counts;
  }

  /**
   * Every additive relation: for each node, along each summed-out dimension, the node and its
   * parts; along a hierarchical first dimension also each parent and its children, and the grand
   * total and the parents.
   */
  public List<SmallCellSuppression.Group> groups() {
    List<SmallCellSuppression.Group> groups = new ArrayList<>();
    int[] digits = new int[radix.length];
    for (int index = 0; index < counts.length; index++) {
      decode(index, digits);
      for (int d = 0; d < radix.length; d++) {
        int here = digits[d];
        if (here == 0) {
          groups.add(new SmallCellSuppression.Group(index, along(digits, d, leafPositions(d))));
          if (d == 0 && !rollupNames.isEmpty()) {
            groups.add(new SmallCellSuppression.Group(index, along(digits, d, rollupPositions())));
          }
        } else if (d == 0 && here > values.get(0).size()) {
          String parent = rollupNames.get(here - values.get(0).size() - 1);
          int[] children =
              rollups.get(parent).stream().mapToInt(c -> positions.get(0).get(c)).toArray();
          groups.add(new SmallCellSuppression.Group(index, along(digits, d, children)));
        }
        digits[d] = here;
      }
    }
    return groups;
  }

  private int[] leafPositions(int d) {
    int[] p = new int[values.get(d).size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = i + 1;
    }
    return p;
  }

  private int[] rollupPositions() {
    int[] p = new int[rollupNames.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = values.get(0).size() + 1 + i;
    }
    return p;
  }

  private int[] along(int[] digits, int d, int[] choices) {
    int keep = digits[d];
    int[] parts = new int[choices.length];
    for (int i = 0; i < choices.length; i++) {
      digits[d] = choices[i];
      parts[i] = encode(digits);
    }
    digits[d] = keep;
    return parts;
  }

  /** The index of a node given per dimension a value, a rollup or {@link #ALL}. */
  public int index(List<String> node) {
    int index = 0;
    for (int d = 0; d < node.size(); d++) {
      String v = node.get(d);
      Integer p = ALL.equals(v) ? Integer.valueOf(0) : positions.get(d).get(v);
      if (p == null) {
        throw new IllegalArgumentException("unknown value " + v + " in dimension " + d);
      }
      index = index * radix[d] + p;
    }
    return index;
  }

  /** True when {@code value} is a value or rollup of dimension {@code d}. */
  public boolean knows(int d, String value) {
    return positions.get(d).containsKey(value);
  }

  /** The count of a node. */
  public long count(List<String> node) {
    return counts[index(node)];
  }

  private void decode(int index, int[] digits) {
    for (int d = radix.length - 1; d >= 0; d--) {
      digits[d] = index % radix[d];
      index /= radix[d];
    }
  }

  private int encode(int[] digits) {
    int index = 0;
    for (int d = 0; d < radix.length; d++) {
      index = index * radix[d] + digits[d];
    }
    return index;
  }

  /** A crossed lattice from cells keyed by their values. */
  static CountLattice of(List<List<String>> values, Map<List<String>, Long> cells) {
    CountLattice lattice = new CountLattice(values);
    cells.forEach(lattice::add);
    return lattice;
  }
}
