package io.vigil.hub.timeliness;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.checkpoint.Checkpoint;
import io.vigil.anchoring.checkpoint.CheckpointSigner;
import io.vigil.anchoring.leaf.LogLeaf;
import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.InMemoryMerkleLog;
import io.vigil.anchoring.timeliness.TimelinessFigures;
import io.vigil.hub.verify.ReceiptVerifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
                            leaves, "LAB", range.from().start(), range.to().start()))
                    .encode()));
  }

  private ReceiptVerifier.ChainView chain(Hash root) {
    return new ReceiptVerifier.ChainView() {
      @Override
      public Optional<byte[]> rootOf(long treeSize) {
        return treeSize == log.size() ? Optional.of(root.bytes()) : Optional.empty();
      }

      @Override
      public Optional<ReceiptVerifier.Anchored> anchoring(long treeSize) {
        return Optional.empty();
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
      JsonObject body, ReceiptVerifier.ChainView chain, StatementVerifier.LeafSource source)
      throws Exception {
    return StatementVerifier.verify(
        TimelinessStatement.sign(body, signer), signer.verifierKey(), chain, source, 2);
  }

  /** Leaves 0 (before), 1..4 (in week 2, one of another sender), 5 (after). */
  private void sixLeaves() {
    append("LAB", Instant.parse("2026-01-10T23:59:00Z"), 10);
    append("LAB", Instant.parse("2026-01-11T00:00:00Z"), 30);
    append("OTHER", Instant.parse("2026-01-12T10:00:00Z"), 99999);
    append("LAB", Instant.parse("2026-01-14T10:00:00Z"), 2000);
    append("LAB", Instant.parse("2026-01-17T23:59:59Z"), 5000);
    append("LAB", Instant.parse("2026-01-18T00:00:00Z"), 1);
  }

  @Test
  void anHonestStatementIsConfirmedPagingAcrossTheRange() throws Exception {
    sixLeaves();
    StatementVerifier.Outcome o = verify(body(1, 5), chain(log.root()), served(l -> l));
    assertThat(o.detail()).contains("recomputed from 4 leaves [1, 5)");
    assertThat(o.confirmed()).isTrue();
    assertThat(o.statement().getJsonObject("figures").getJsonObject("total").getLong("reports"))
        .isEqualTo(3);
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
            new ReceiptVerifier.ChainView() {
              @Override
              public Optional<byte[]> rootOf(long treeSize) {
                return Optional.empty();
              }

              @Override
              public Optional<ReceiptVerifier.Anchored> anchoring(long treeSize) {
                return Optional.empty();
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
