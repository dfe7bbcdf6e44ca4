package io.vigil.anchoring.timeliness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When the log's leaves reached the chain: anchored tree sizes, strictly increasing (the {@code
 * Anchor} contract refuses any other order), each with the timestamp of the block that anchored it.
 * Leaf {@code i} is anchored by the first anchoring whose tree size exceeds {@code i}; its block
 * time is the leaf's anchored instant.
 *
 * <p>A timeline may hold only part of the anchorings, as long as it holds every one that first
 * covers a leaf being asked about: {@link #firstCovering} says which those are for a leaf range.
 */
public final class AnchorTimeline {
  /** One anchoring: a tree size and the time of the block that recorded its root. */
  public record Anchoring(long treeSize, Instant blockTime) {
    public Anchoring {
      if (treeSize < 1) {
        throw new IllegalArgumentException("an anchored tree size is at least 1");
      }
      Objects.requireNonNull(blockTime, "blockTime");
    }
  }

  /** No anchoring at all: every leaf is not yet anchored. */
  public static final AnchorTimeline NONE = new AnchorTimeline(List.of());

  private final List<Anchoring> anchorings;

  private AnchorTimeline(List<Anchoring> anchorings) {
    this.anchorings = anchorings;
  }

  /**
   * A timeline of anchorings given in increasing tree size.
   *
   * @throws IllegalArgumentException if two tree sizes are not strictly increasing
   */
  public static AnchorTimeline of(List<Anchoring> anchorings) {
    for (int i = 1; i < anchorings.size(); i++) {
      if (anchorings.get(i).treeSize() <= anchorings.get(i - 1).treeSize()) {
        throw new IllegalArgumentException("anchored tree sizes must strictly increase");
      }
    }
    return new AnchorTimeline(List.copyOf(anchorings));
  }

  /** The anchorings, in increasing tree size. */
  public List<Anchoring> anchorings() {
    return anchorings;
  }

  /**
   * The block time of the first anchoring covering leaf {@code leafIndex} (the smallest anchored
   * tree size above it); empty when none does yet.
   */
  public Optional<Instant> anchoredAt(long leafIndex) {
    int lo = 0;
    int hi = anchorings.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (anchorings.get(mid).treeSize() > leafIndex) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo < anchorings.size() ? Optional.of(anchorings.get(lo).blockTime()) : Optional.empty();
  }

  /**
   * Of {@code treeSizes} (strictly increasing), those that are the first anchoring of at least one
   * leaf in {@code [start, end)}: every size in {@code (start, end)} and the smallest size {@code ≥
   * end}, if any. Only these are needed to compute the figures of that range.
   */
  public static List<Long> firstCovering(List<Long> treeSizes, long start, long end) {
    List<Long> out = new ArrayList<>();
    if (end <= start) {
      return out;
    }
    for (long size : treeSizes) {
      if (size <= start) {
        continue;
      }
      out.add(size);
      if (size >= end) {
        break;
      }
    }
    return out;
  }
}
