package io.vigil.hub.timeliness;

import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.checkpoint.CheckpointSigner;
import io.vigil.anchoring.leaf.LogLeaf;
import io.vigil.anchoring.log.CheckpointRecord;
import io.vigil.anchoring.log.CheckpointStore;
import io.vigil.anchoring.log.LeafRangeReader;
import io.vigil.anchoring.timeliness.AnchorTimeline;
import io.vigil.anchoring.timeliness.TimelinessFigures;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces signed timeliness statements from the log: against the newest anchored checkpoint (or
 * the newest one while none is anchored), over every leaf received in the period below its tree
 * size. Each leaf's anchored instant is the block time the hub recorded for the first anchored
 * checkpoint covering it; the verifier reads the same from the chain. Blocking.
 */
public final class StatementIssuer {
  private static final Logger LOG = LoggerFactory.getLogger(StatementIssuer.class);

  private final LeafRangeReader leaves;
  private final CheckpointStore checkpoints;
  private final CheckpointSigner signer;
  private final String origin;
  private final Clock clock;

  public StatementIssuer(
      LeafRangeReader leaves,
      CheckpointStore checkpoints,
      CheckpointSigner signer,
      String origin,
      Clock clock) {
    this.leaves = leaves;
    this.checkpoints = checkpoints;
    this.signer = signer;
    this.origin = origin;
    this.clock = clock;
  }

  /** No checkpoint has been published yet. */
  public static final class NoCheckpointException extends Exception {
    private static final long serialVersionUID = 1L;

    NoCheckpointException() {
      super("no checkpoint yet");
    }
  }

  /** The signed statement (a C2SP note) for one facility id and a week range. */
  public String issue(String sender, WeekRange range) throws SQLException, NoCheckpointException {
    Optional<CheckpointRecord> anchored = checkpoints.latestAnchored();
    CheckpointRecord cp =
        anchored.isPresent()
            ? anchored.get()
            : checkpoints.latest().orElseThrow(NoCheckpointException::new);
    long treeSize = cp.treeSize();
    Instant[] period = TimelinessFigures.period(range.from().start(), range.to().start());
    long[] span = leaves.locate(period[0], period[1], treeSize).orElse(new long[] {0, 0});
    List<LogLeaf> decoded = new ArrayList<>();
    for (long at = span[0]; at < span[1]; at += LeafRangeReader.MAX_PAGE) {
      for (LeafRangeReader.IndexedLeaf l :
          leaves.leaves(at, Math.min(span[1], at + LeafRangeReader.MAX_PAGE), treeSize, false)) {
        decoded.add(LogLeaf.decode(l.leaf()));
      }
    }
    List<AnchorTimeline.Anchoring> anchorings = new ArrayList<>();
    for (CheckpointRecord a : checkpoints.anchoredCovering(span[0], span[1])) {
      anchorings.add(new AnchorTimeline.Anchoring(a.treeSize(), a.anchor().get().blockTime()));
    }
    JsonObject body =
        new JsonObject()
            .put("sender", sender)
            .put("from", range.from().toString())
            .put("to", range.to().toString())
            .put("periodStart", period[0].toString())
            .put("periodEnd", period[1].toString())
            .put("logOrigin", origin)
            .put("treeSize", treeSize)
            .put("rootHash", cp.rootHash().hex())
            .put("checkpoint", cp.note())
            .put("anchored", cp.anchor().isPresent())
            .put("leafStart", span[0])
            .put("leafEnd", span[1])
            .put("issuedAt", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString())
            .put(
                "figures",
                new JsonObject(
                    TimelinessFigures.compute(
                        span[0],
                        decoded,
                        AnchorTimeline.of(anchorings),
                        sender,
                        range.from().start(),
                        range.to().start())));
    LOG.info(
        "timeliness statement issued [weeks: {}..{}, treeSize: {}, leaves: {}]",
        range.from(),
        range.to(),
        treeSize,
        span[1] - span[0]);
    return TimelinessStatement.sign(body, signer);
  }
}
