package io.vigil.hub.timeliness;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.checkpoint.Checkpoint;
import io.vigil.anchoring.checkpoint.CheckpointSigner;
import io.vigil.anchoring.leaf.LogLeaf;
import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.InMemoryMerkleLog;
import io.vigil.anchoring.timeliness.AnchorTimeline;
import io.vigil.anchoring.timeliness.TimelinessFigures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The verifier's checks one by one, against an in-memory log: each way a hub could misreport is
 * caught, and names the first failing check. (The round trip over HTTP and a real chain is
 * TimelinessStatementIT.)
 */
class StatementVerifierTest {
  private static final String ORIGIN = "vigil.test/log";
  private final CheckpointSigner signer = CheckpointSigner.generate(ORIGIN);
  private final InMemoryMerkleLog log = new InMemoryMerkleLog();
  private final List<byte[]> encoded = new ArrayList<>();
  private final WeekRange range = WeekRange.parse("2026-W02", "2026-W02"); // 2026-01-11..17
  private final List<StatementVerifier.AnchoredEvent> anchored = new ArrayList<>();
  private final Map<Long, Instant> blockTimes = new HashMap<>();

  /** Anchors the log's current size at {@code blockTime}, in a block of its own. */
  private void anchorNow(Instant blockTime) {
    long block = 100 + anchored.size();
    anchored.add(new StatementVerifier.AnchoredEvent(log.size(), log.root().bytes(), block));
    blockTimes.put(block, blockTime);
  }

  /** What an honest hub knows of the anchorings covering [start, end). */
  private AnchorTimeline timeline(long start, long end) {
    List<AnchorTimeline.Anchoring> out = new ArrayList<>();
    List<Long> sizes = anchored.stream().map(StatementVerifier.AnchoredEvent::treeSize).toList();
    for (long size : AnchorTimeline.firstCovering(sizes, start, end)) {
      StatementVerifier.AnchoredEvent e = anchored.get(sizes.indexOf(size));
      out.add(new AnchorTimeline.Anchoring(size, blockTimes.get(e.blockNumber())));
    }
    return AnchorTimeline.of(out);
  }

  private void append(String sender, Instant received, long collectedMinutesBefore) {
    byte[] leaf =
        new LogLeaf(
                sender,
                "C" + encoded.size(),
                Hash.of(new byte[32]),
                received,
                "AA",
                Optional.of(received.minusSeconds(60 * collectedMinutesBefore)),
                Optional.empty())
            .encode();
    encoded.add(leaf);
    log.append(leaf);
  }

  private JsonObject body(long leafStart, long leafEnd) {
    long size = log.size();
    List<LogLeaf> leaves = new ArrayList<>();
    for (long i = leafStart; i < leafEnd; i++) {
      leaves.add(LogLeaf.decode(encoded.get((int) i)));
    }
    Instant[] p = TimelinessFigures.period(range.from().start(), range.to().start());
    return new JsonObject()
        .put("sender", "LAB")
        .put("from", range.from().toString())
        .put("to", range.to().toString())
        .put("periodStart", p[0].toString())
        .put("periodEnd", p[1].toString())
        .put("logOrigin", ORIGIN)
        .put("treeSize", size)
        .put("rootHash", log.root(size).hex())
        .put("checkpoint", signer.sign(Checkpoint.of(ORIGIN, size, log.root(size))))
        .put("leafStart", leafStart)
        .put("leafEnd", leafEnd)
        .put(
            "figures",
            new JsonObject(
                new JsonObject(
                        TimelinessFigures.compute(
                            leafStart,
                            leaves,
                            timeline(leafStart, leafEnd),
                            "LAB",
                            range.from().start(),
                            range.to().start()))
                    .encode()));
  }

  private StatementVerifier.Chain chain(Hash root) {
    return chain(root, anchored);
  }

  private StatementVerifier.Chain chain(Hash root, List<StatementVerifier.AnchoredEvent> events) {
    return new StatementVerifier.Chain() {
      @Override
      public Optional<byte[]> rootOf(long treeSize) {
        return treeSize == log.size() ? Optional.of(root.bytes()) : Optional.empty();
      }

      @Override
      public List<StatementVerifier.AnchoredEvent> anchorings() {
        return events;
      }

      @Override
      public Instant blockTime(long number) {
        return blockTimes.get(number);
      }
    };
  }

  private StatementVerifier.LeafSource served(UnaryOperator<StatementVerifier.ProvedLeaf> edit) {
    return (start, end, treeSize) -> {
      List<StatementVerifier.ProvedLeaf> out = new ArrayList<>();
      for (long i = start; i < end; i++) {
        out.add(
            edit.apply(
                new StatementVerifier.ProvedLeaf(
                    i, encoded.get((int) i), log.inclusionProof(i, treeSize).hashBytes())));
      }
      return out;
    };
  }

  private StatementVerifier.Outcome verify(
      JsonObject body, StatementVerifier.Chain chain, StatementVerifier.LeafSource source)
      throws Exception {
    return verify(TimelinessStatement.sign(body, signer), chain, source);
  }

  private StatementVerifier.Outcome verify(
      String note, StatementVerifier.Chain chain, StatementVerifier.LeafSource source)
      throws Exception {
    return StatementVerifier.verify(
        note,
        signer.verifierKey(),
        chain,
        source,
        (from, to) -> log.consistencyProof(from, to).hashBytes(),
        2);
  }

  /**
   * Leaves 0 (before), 1..4 (in week 2, one of another sender), 5 (after); anchored at sizes 2
   * (00:40, covering leaf 1), 4 (covering 2, 3: 13:00 on the 14th) and 6 (covering 4, 5).
   */
  private void sixLeaves() {
    append("LAB", Instant.parse("2026-01-10T23:59:00Z"), 10);
    append("LAB", Instant.parse("2026-01-11T00:00:00Z"), 30);
    anchorNow(Instant.parse("2026-01-11T00:40:00Z"));
    append("OTHER", Instant.parse("2026-01-12T10:00:00Z"), 99999);
    append("LAB", Instant.parse("2026-01-14T10:00:00Z"), 2000);
    anchorNow(Instant.parse("2026-01-14T13:00:00Z"));
    append("LAB", Instant.parse("2026-01-17T23:59:59Z"), 5000);
    append("LAB", Instant.parse("2026-01-18T00:00:00Z"), 1);
    anchorNow(Instant.parse("2026-01-18T02:00:59Z"));
  }

  @Test
  void anHonestStatementIsConfirmedPagingAcrossTheRange() throws Exception {
    sixLeaves();
    StatementVerifier.Outcome o = verify(body(1, 5), chain(log.root()), served(l -> l));
    assertThat(o.detail()).contains("recomputed from 4 leaves [1, 5)");
    assertThat(o.detail()).endsWith("anchoring lags from 3 Anchored event(s)");
    assertThat(o.confirmed()).isTrue();
    JsonObject total = o.statement().getJsonObject("figures").getJsonObject("total");
    assertThat(total.getLong("reports")).isEqualTo(3);
    // LAB leaves 1, 3, 4: anchored 40 min, 180 min and 2 h 1 min after receipt.
    assertThat(total.getLong("receivedToAnchoredP50Minutes")).isEqualTo(121);
    assertThat(total.getLong("receivedToAnchoredP90Minutes")).isEqualTo(180);
    assertThat(total.getLong("notYetAnchored")).isZero();
  }

  @Test
  void aTamperedAnchoringLagIsRefutedWithBothValues() throws Exception {
    sixLeaves();
    JsonObject body = body(1, 5);
    body.getJsonObject("figures").getJsonObject("total").put("receivedToAnchoredP90Minutes", 60);
    StatementVerifier.Outcome o = verify(body, chain(log.root()), served(l -> l));
    assertThat(o.confirmed()).isFalse();
    assertThat(o.detail())
        .isEqualTo("figure figures.total.receivedToAnchoredP90Minutes: stated 60, recomputed 180");
  }

  @Test
  void anAnchoredRootThatIsNotAPrefixOfTheCheckpointIsRefuted() throws Exception {
    sixLeaves();
    // A chain on which size 4 was anchored early with some other root: it cannot vouch for 2, 3.
    List<StatementVerifier.AnchoredEvent> forged = new ArrayList<>(anchored);
    forged.set(1, new StatementVerifier.AnchoredEvent(4, new byte[32], 101));
    StatementVerifier.Outcome o = verify(body(1, 5), chain(log.root(), forged), served(l -> l));
    assertThat(o.confirmed()).isFalse();
    assertThat(o.detail())
        .startsWith("the root anchored for tree size 4 is not consistent with the checkpoint");
  }

  @Test
  void anHonestHubsStatementDisagreesWithAChainMissingAnAnchoring() throws Exception {
    sixLeaves();
    // The chain read holds no anchoring at 4: leaves 2, 3 are anchored at 6 instead, later.
    List<StatementVerifier.AnchoredEvent> fewer = List.of(anchored.get(0), anchored.get(2));
    StatementVerifier.Outcome o = verify(body(1, 5), chain(log.root(), fewer), served(l -> l));
    assertThat(o.confirmed()).isFalse();
    assertThat(o.detail()).startsWith("figure figures.total.receivedToAnchored");
  }

  @Test
  void aVersion1StatementIsStillVerifiedOnTheFiguresItCarries() throws Exception {
    sixLeaves();
    JsonObject body = body(1, 5);
    JsonObject figures = body.getJsonObject("figures");
    List<JsonObject> all = new ArrayList<>();
    all.add(figures.getJsonObject("total"));
    figures.getJsonArray("weeks").forEach(w -> all.add((JsonObject) w));
    all.forEach(f -> TimelinessFigures.ADDED_IN_STATEMENT_V2.forEach(f::remove));
    String v1 = TimelinessStatement.sign(TimelinessStatement.HEADER_V1, body, signer);
    StatementVerifier.Outcome o = verify(v1, chain(log.root()), served(l -> l));
    assertThat(o.detail()).contains("recomputed from 4 leaves");
    assertThat(o.confirmed()).isTrue();

    figures.getJsonObject("total").put("resultsBeforeCollection", 7);
    String edited = TimelinessStatement.sign(TimelinessStatement.HEADER_V1, body, signer);
    assertThat(verify(edited, chain(log.root()), served(l -> l)).detail())
        .isEqualTo("figure figures.total.resultsBeforeCollection: stated 7, recomputed 0");
  }

  @Test
  void aRangeMissingALeafOfThePeriodAtEitherEndIsRefuted() throws Exception {
    sixLeaves();
    assertThat(verify(body(2, 5), chain(log.root()), served(l -> l)).detail())
        .isEqualTo("leaf 1 just outside the scanned range was received in the period");
    assertThat(verify(body(1, 4), chain(log.root()), served(l -> l)).detail())
        .isEqualTo("leaf 4 just outside the scanned range was received in the period");
  }

  @Test
  void aLeafNotInTheTreeOrOutOfOrderIsRefuted() throws Exception {
    sixLeaves();
    byte[] other = encoded.get(0);
    StatementVerifier.Outcome swapped =
        verify(
            body(1, 5),
            chain(log.root()),
            served(
                l ->
                    l.index() == 3
                        ? new StatementVerifier.ProvedLeaf(3, other, l.proofHashes())
                        : l));
    assertThat(swapped.confirmed()).isFalse();
    assertThat(swapped.detail()).startsWith("leaf 3 is not in the checkpoint's tree");

    StatementVerifier.Outcome skipped =
        verify(
            body(1, 5),
            chain(log.root()),
            (start, end, size) ->
                served(l -> l).fetch(start, end, size).stream()
                    .filter(l -> l.index() != 2)
                    .toList());
    assertThat(skipped.detail()).isEqualTo("the hub served leaf 3 where 2 was due");
  }

  @Test
  void aRootTheChainDoesNotHoldIsRefuted() throws Exception {
    sixLeaves();
    StatementVerifier.Outcome o = verify(body(1, 5), chain(Hash.of(new byte[32])), served(l -> l));
    assertThat(o.detail()).isEqualTo("the root anchored on chain for tree size 6 differs");
    StatementVerifier.Outcome none =
        verify(
            body(1, 5),
            new StatementVerifier.Chain() {
              @Override
              public Optional<byte[]> rootOf(long treeSize) {
                return Optional.empty();
              }

              @Override
              public List<StatementVerifier.AnchoredEvent> anchorings() {
                return List.of();
              }

              @Override
              public Instant blockTime(long number) {
                throw new AssertionError("not read");
              }
            },
            served(l -> l));
    assertThat(none.detail()).isEqualTo("tree size 6 is not anchored on this chain");
  }

  @Test
  void aFigureThatDiffersIsNamedWithBothValues() throws Exception {
    sixLeaves();
    JsonObject body = body(1, 5);
    body.getJsonObject("figures")
        .getJsonArray("weeks")
        .getJsonObject(0)
        .put("collectedToReceivedP90Minutes", 1);
    StatementVerifier.Outcome o = verify(body, chain(log.root()), served(l -> l));
    assertThat(o.detail())
        .isEqualTo(
            "figure figures.weeks[0].collectedToReceivedP90Minutes: stated 1, recomputed 5000");
  }
}
