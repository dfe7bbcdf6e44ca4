package io.vigil.hub.timeliness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.checkpoint.Checkpoint;
import io.vigil.anchoring.checkpoint.CheckpointException;
import io.vigil.anchoring.checkpoint.CheckpointVerifier;
import io.vigil.anchoring.checkpoint.NoteVerifierKey;
import io.vigil.anchoring.leaf.LogLeaf;
import io.vigil.anchoring.merkle.ConsistencyProof;
import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.InclusionProof;
import io.vigil.anchoring.merkle.ProofException;
import io.vigil.anchoring.merkle.ProofVerifier;
import io.vigil.anchoring.timeliness.AnchorTimeline;
import io.vigil.anchoring.timeliness.TimelinessFigures;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Recomputes a timeliness statement from the log leaves and confirms or refutes it, trusting the
 * hub for nothing but availability: the statement and checkpoint signatures are checked against a
 * log key obtained out of band, the checkpoint's root against the chain, every leaf against that
 * root by its inclusion proof, and the leaves just outside the scanned range against the period.
 * When each leaf was anchored comes from the chain too: its {@code Anchored} events and block
 * times, each anchored root used proved consistent with the checkpoint.
 */
public final class StatementVerifier {
  /** Fetches leaves {@code [start, end)} with inclusion proofs against {@code treeSize}. */
  public interface LeafSource {
    List<ProvedLeaf> fetch(long start, long end, long treeSize) throws Exception;
  }

  /** Fetches the hub's consistency proof (its hashes, concatenated) from one size to another. */
  public interface ConsistencySource {
    byte[] consistency(long fromSize, long toSize) throws Exception;
  }

  /** What the verifier reads from the chain (the {@code Anchor} contract and block headers). */
  public interface Chain {
    /** The root the contract holds for {@code treeSize}, if any. */
    Optional<byte[]> rootOf(long treeSize) throws Exception;

    /** Every {@code Anchored} event of the contract, in increasing tree size. */
    List<AnchoredEvent> anchorings() throws Exception;

    /** The timestamp of block {@code number}. */
    Instant blockTime(long number) throws Exception;
  }

  /** An {@code Anchored} event: a tree size, its root and the block that recorded it. */
  public record AnchoredEvent(long treeSize, byte[] root, long blockNumber) {}

  /** A leaf as served, untrusted until its proof is checked. */
  public record ProvedLeaf(long index, byte[] leaf, byte[] proofHashes) {}

  /** The outcome: confirmed, or refuted with the first reason. */
  public record Outcome(boolean confirmed, String detail, JsonObject statement) {}

  /** The statement could not be checked at all (chain or hub unreachable). */
  public static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  private StatementVerifier() {}

  public static Outcome verify(
      String statementNote,
      NoteVerifierKey logKey,
      Chain chain,
      LeafSource source,
      ConsistencySource proofs,
      int pageSize)
      throws Unavailable {
    TimelinessStatement.Opened opened;
    try {
      opened = TimelinessStatement.open(statementNote, logKey);
    } catch (CheckpointException e) {
      return refuted("the statement's signature does not verify: " + e.getMessage(), null);
    }
    JsonObject s = opened.body();
    try {
      return check(opened.version(), s, logKey, chain, source, proofs, pageSize);
    } catch (RuntimeException e) {
      return refuted("the statement is malformed: " + e.getMessage(), s);
    }
  }

  private static Outcome check(
      int version,
      JsonObject s,
      NoteVerifierKey logKey,
      Chain chain,
      LeafSource source,
      ConsistencySource proofs,
      int pageSize)
      throws Unavailable {
    String sender = Objects.requireNonNull(s.getString("sender"), "sender");
    WeekRange range = WeekRange.parse(s.getString("from"), s.getString("to"));
    LocalDate first = range.from().start();
    LocalDate last = range.to().start();
    Instant[] period = TimelinessFigures.period(first, last);
    if (!period[0].toString().equals(s.getString("periodStart"))
        || !period[1].toString().equals(s.getString("periodEnd"))) {
      return refuted("the period does not match its weeks " + range.from() + ".." + range.to(), s);
    }
    Checkpoint checkpoint;
    try {
      checkpoint =
          new CheckpointVerifier(logKey, s.getString("logOrigin"))
              .verify(s.getString("checkpoint"));
    } catch (CheckpointException e) {
      return refuted("the checkpoint does not verify: " + e.getMessage(), s);
    }
    long treeSize = s.getLong("treeSize");
    if (checkpoint.size() != treeSize
        || !checkpoint.rootHash().hex().equals(s.getString("rootHash"))) {
      return refuted("treeSize/rootHash differ from the signed checkpoint", s);
    }
    Optional<byte[]> onChain;
    try {
      onChain = chain.rootOf(treeSize);
    } catch (Exception e) {
      throw new Unavailable("the chain could not be read: " + e.getMessage());
    }
    if (onChain.isEmpty()) {
      return refuted("tree size " + treeSize + " is not anchored on this chain", s);
    }
    if (!Hash.of(onChain.get()).equals(checkpoint.rootHash())) {
      return refuted("the root anchored on chain for tree size " + treeSize + " differs", s);
    }
    long start = s.getLong("leafStart");
    long end = s.getLong("leafEnd");
    if (start < 0 || end < start || end > treeSize) {
      return refuted("the leaf range [" + start + ", " + end + ") is not inside the tree", s);
    }
    // Fetch [start-1, end] so the neighbours prove the range is not cut short.
    long fetchFrom = Math.max(0, start - 1);
    long fetchTo = Math.min(treeSize, end + 1);
    List<LogLeaf> inRange = new ArrayList<>();
    long expected = fetchFrom;
    for (long at = fetchFrom; at < fetchTo; at += pageSize) {
      List<ProvedLeaf> page;
      long pageEnd = Math.min(fetchTo, at + pageSize);
      try {
        page = source.fetch(at, pageEnd, treeSize);
      } catch (Exception e) {
        throw new Unavailable("the log leaves could not be fetched: " + e.getMessage());
      }
      for (ProvedLeaf p : page) {
        if (p.index() != expected) {
          return refuted("the hub served leaf " + p.index() + " where " + expected + " was due", s);
        }
        expected++;
        LogLeaf leaf;
        try {
          leaf = LogLeaf.decode(p.leaf());
          ProofVerifier.verifyInclusion(
              InclusionProof.fromHashBytes(p.index(), treeSize, p.proofHashes()),
              leaf.leafHash(),
              checkpoint.rootHash());
        } catch (ProofException | IllegalArgumentException e) {
          return refuted(
              "leaf " + p.index() + " is not in the checkpoint's tree: " + e.getMessage(), s);
        }
        boolean inside = TimelinessFigures.inPeriod(leaf.receivedAt(), first, last);
        if (p.index() < start || p.index() >= end) {
          if (inside) {
            return refuted(
                "leaf " + p.index() + " just outside the scanned range was received in the period",
                s);
          }
        } else {
          inRange.add(leaf);
        }
      }
      if (expected != pageEnd) {
        return refuted("the hub served " + (expected - at) + " leaves of " + (pageEnd - at), s);
      }
    }
    AnchorTimeline anchors = AnchorTimeline.NONE;
    if (version >= 2) {
      // Version-1 statements carry no anchoring figure: the chain's events are not needed.
      Anchors a = anchors(chain, proofs, checkpoint, start, end);
      if (a.refusal() != null) {
        return refuted(a.refusal(), s);
      }
      anchors = a.timeline();
    }
    JsonObject recomputed =
        new JsonObject(
            new JsonObject(TimelinessFigures.compute(start, inRange, anchors, sender, first, last))
                .encode());
    if (version == 1) {
      withoutV2Figures(recomputed.getJsonObject("total"));
      recomputed.getJsonArray("weeks").forEach(w -> withoutV2Figures((JsonObject) w));
    }
    Optional<String> diff = firstDifference("figures", recomputed, s.getJsonObject("figures"));
    if (diff.isPresent()) {
      return refuted("figure " + diff.get(), s);
    }
    return new Outcome(
        true,
        "recomputed from "
            + inRange.size()
            + " leaves ["
            + start
            + ", "
            + end
            + ") of tree size "
            + treeSize
            + ", anchored on chain"
            + (version >= 2
                ? "; anchoring lags from " + anchors.anchorings().size() + " Anchored event(s)"
                : ""),
        s);
  }

  /** The timeline, or why the chain's anchorings cannot be used. */
  private record Anchors(AnchorTimeline timeline, String refusal) {}

  /**
   * The anchorings first covering a leaf of {@code [start, end)}, from the chain's events; each
   * anchored root below the checkpoint is proved consistent with it (a proof from the hub), so an
   * early anchoring of some other tree cannot pass for the anchoring of these leaves.
   */
  private static Anchors anchors(
      Chain chain, ConsistencySource proofs, Checkpoint checkpoint, long start, long end)
      throws Unavailable {
    long treeSize = checkpoint.size();
    List<AnchoredEvent> events;
    try {
      events = chain.anchorings();
    } catch (Exception e) {
      throw new Unavailable("the chain's anchorings could not be read: " + e.getMessage());
    }
    Map<Long, AnchoredEvent> bySize = new HashMap<>();
    List<Long> sizes = new ArrayList<>();
    for (AnchoredEvent e : events) {
      if (e.treeSize() > treeSize) {
        continue;
      }
      if (!sizes.isEmpty() && e.treeSize() <= sizes.get(sizes.size() - 1)) {
        return new Anchors(null, "the chain's anchored tree sizes do not strictly increase");
      }
      sizes.add(e.treeSize());
      bySize.put(e.treeSize(), e);
    }
    Map<Long, Instant> blockTimes = new HashMap<>();
    List<AnchorTimeline.Anchoring> anchorings = new ArrayList<>();
    for (long size : AnchorTimeline.firstCovering(sizes, start, end)) {
      AnchoredEvent e = bySize.get(size);
      Hash root = Hash.of(e.root());
      if (size == treeSize) {
        if (!root.equals(checkpoint.rootHash())) {
          return new Anchors(
              null, "the Anchored event for tree size " + size + " has another root");
        }
      } else {
        byte[] proof;
        try {
          proof = proofs.consistency(size, treeSize);
        } catch (Exception ex) {
          throw new Unavailable(
              "a consistency proof " + size + "→" + treeSize + " could not be fetched: " + ex);
        }
        try {
          ProofVerifier.verifyConsistency(
              ConsistencyProof.fromHashBytes(size, treeSize, proof), root, checkpoint.rootHash());
        } catch (ProofException | IllegalArgumentException ex) {
          return new Anchors(
              null,
              "the root anchored for tree size "
                  + size
                  + " is not consistent with the checkpoint: "
                  + ex.getMessage());
        }
      }
      Instant at = blockTimes.get(e.blockNumber());
      if (at == null) {
        try {
          at = chain.blockTime(e.blockNumber());
        } catch (Exception ex) {
          throw new Unavailable("block " + e.blockNumber() + " could not be read: " + ex);
        }
        blockTimes.put(e.blockNumber(), at);
      }
      anchorings.add(new AnchorTimeline.Anchoring(size, at));
    }
    return new Anchors(AnchorTimeline.of(anchorings), null);
  }

  private static void withoutV2Figures(JsonObject figures) {
    TimelinessFigures.ADDED_IN_STATEMENT_V2.forEach(figures::remove);
  }

  /** The first path whose values differ, with both values. */
  static Optional<String> firstDifference(String path, Object expected, Object actual) {
    if (expected instanceof JsonObject e && actual instanceof JsonObject a) {
      for (String key : e.fieldNames()) {
        Optional<String> d = firstDifference(path + "." + key, e.getValue(key), a.getValue(key));
        if (d.isPresent()) {
          return d;
        }
      }
      for (String key : a.fieldNames()) {
        if (!e.containsKey(key)) {
          return Optional.of(path + "." + key + ": not a figure (stated " + a.getValue(key) + ")");
        }
      }
      return Optional.empty();
    }
    if (expected instanceof JsonArray e && actual instanceof JsonArray a) {
      for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
        Optional<String> d =
            firstDifference(
                path + "[" + i + "]",
                i < e.size() ? e.getValue(i) : null,
                i < a.size() ? a.getValue(i) : null);
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }
    String es = String.valueOf(expected);
    String as = String.valueOf(actual);
    if (expected instanceof JsonObject || expected instanceof JsonArray || !es.equals(as)) {
      return Optional.of(path + ": stated " + as + ", recomputed " + es);
    }
    return Optional.empty();
  }

  private static Outcome refuted(String detail, JsonObject s) {
    return new Outcome(false, detail, s);
  }
}
