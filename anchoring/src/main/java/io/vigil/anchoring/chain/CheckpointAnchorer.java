package io.vigil.anchoring.chain;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps anchoring the newest checkpoint while the chain comes and goes. Checkpoints are {@link
 * #offer offered} as they are signed; {@link #anchorPending()} sends one transaction for the newest
 * one only. A root at size {@code n} commits to every leaf below {@code n}, so one anchor covers
 * the whole backlog and leaves no gap; the skipped intermediate checkpoints stay provable through
 * consistency proofs to the anchored one.
 *
 * <p>{@link #backlogCheckpoints()} and {@link #backlogLeaves()} are meant for gauges: they grow
 * while the chain is down and drop to zero after the catch-up anchor. Thread-safe.
 */
public final class CheckpointAnchorer {

  /** The anchoring call; {@code AnchorClient::anchor} in production. */
  @FunctionalInterface
  public interface Anchoring {
    AnchorResult anchor(long treeSize, byte[] root32) throws ChainException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointAnchorer.class);

  private final Anchoring anchoring;
  private long pendingSize;
  private byte[] pendingRoot;
  private long backlogCheckpoints;
  private AnchorResult lastAnchored;

  public CheckpointAnchorer(Anchoring anchoring) {
    this.anchoring = anchoring;
  }

  /** Records a newly signed checkpoint; it supersedes any older one still waiting. */
  public synchronized void offer(long treeSize, byte[] root32) {
    long anchored = lastAnchored == null ? 0 : lastAnchored.treeSize();
    if (treeSize <= Math.max(pendingSize, anchored)) {
      return;
    }
    pendingSize = treeSize;
    pendingRoot = root32.clone();
    backlogCheckpoints++;
  }

  /**
   * Anchors the newest waiting checkpoint, if any. On {@link ChainUnavailableException} the
   * checkpoint stays waiting (and newer offers replace it) for the next call.
   *
   * @return the anchoring, or empty if nothing was waiting
   * @throws AnchorRejectedException the chain refused (e.g. this account is no longer a writer);
   *     the checkpoint is dropped unless a newer one arrives, as retrying cannot help
   */
  public Optional<AnchorResult> anchorPending() throws ChainException {
    long size;
    byte[] root;
    synchronized (this) {
      if (pendingRoot == null) {
        return Optional.empty();
      }
      size = pendingSize;
      root = pendingRoot.clone();
    }
    try {
      AnchorResult result = anchoring.anchor(size, root);
      synchronized (this) {
        lastAnchored = result;
        if (pendingSize == size) {
          pendingRoot = null;
          LOG.info(
              "anchoring backlog cleared [tree size: {}, checkpoints covered: {}, tx: {}]",
              size,
              backlogCheckpoints,
              result.txHash());
          backlogCheckpoints = 0;
        } else {
          backlogCheckpoints = 1; // a newer checkpoint arrived meanwhile
        }
      }
      return Optional.of(result);
    } catch (ChainUnavailableException e) {
      LOG.warn(
          "chain unavailable, checkpoint stays in the backlog [tree size: {}, backlog: {}, error: {}]",
          size,
          backlogCheckpoints(),
          e.getMessage());
      throw e;
    } catch (AnchorRejectedException e) {
      synchronized (this) {
        if (pendingSize == size) {
          pendingRoot = null;
          backlogCheckpoints = 0;
        }
      }
      LOG.error(
          "checkpoint rejected by the chain [tree size: {}, error: {}, reason: {}]",
          size,
          e.errorName(),
          e.reason());
      throw e;
    }
  }

  /** Checkpoints offered since the last successful anchor (0 when caught up). */
  public synchronized long backlogCheckpoints() {
    return pendingRoot == null ? 0 : backlogCheckpoints;
  }

  /** Leaves appended since the last anchored tree size (0 when caught up). */
  public synchronized long backlogLeaves() {
    if (pendingRoot == null) {
      return 0;
    }
    return pendingSize - (lastAnchored == null ? 0 : lastAnchored.treeSize());
  }

  /** The last successful anchoring by this instance. */
  public synchronized Optional<AnchorResult> lastAnchored() {
    return Optional.ofNullable(lastAnchored);
  }
}
