package io.vigil.anchoring.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 §2.1 transcribed literally (MTH, PATH, SUBPROOF over a list of leaf hashes), slow and
 * obviously correct, as an oracle for the O(log n) implementation.
 */
final class NaiveRfc9162 {

  private NaiveRfc9162() {}

  static Hash mth(List<Hash> d) {
    int n = d.size();
    if (n == 0) {
      return MerkleHash.emptyRoot();
    }
    if (n == 1) {
      return d.get(0);
    }
    int k = k(n);
    return MerkleHash.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, n)));
  }

  static List<Hash> path(int m, List<Hash> d) {
    int n = d.size();
    List<Hash> out = new ArrayList<>();
    if (n == 1) {
      return out;
    }
    int k = k(n);
    if (m < k) {
      out.addAll(path(m, d.subList(0, k)));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(path(m - k, d.subList(k, n)));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  static List<Hash> proof(int m, List<Hash> d) {
    return subproof(m, d, true);
  }

  private static List<Hash> subproof(int m, List<Hash> d, boolean b) {
    int n = d.size();
    List<Hash> out = new ArrayList<>();
    if (m == n) {
      if (!b) {
        out.add(mth(d));
      }
      return out;
    }
    int k = k(n);
    if (m <= k) {
      out.addAll(subproof(m, d.subList(0, k), b));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, d.subList(k, n), false));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  /** The largest power of two smaller than {@code n}. */
  private static int k(int n) {
    int k = 1;
    while (k << 1 < n) {
      k <<= 1;
    }
    return k;
  }
}
