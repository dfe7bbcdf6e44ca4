package io.vigil.anchoring.log;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the log's periodic work on one thread: publish a checkpoint when the log grew, then let the
 * next step (anchoring on chain, when configured) catch up. A failing tick is logged and retried on
 * the next one; nothing is skipped, because each tick works from what is stored.
 */
public final class CheckpointPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointPublisher.class);

  /** Work done after each publication attempt, e.g. anchoring the newest checkpoint. */
  public interface FollowUp {
    void run() throws Exception;
  }

  private final LogSequencer sequencer;
  private final FollowUp followUp;
  private final ScheduledExecutorService scheduler;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  public CheckpointPublisher(LogSequencer sequencer, FollowUp followUp) {
    this.sequencer = sequencer;
    this.followUp = followUp;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-log-sequencer");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts ticking every {@code interval}. */
  public void start(Duration interval) {
    long ms = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    LOG.info("checkpoint publisher started [intervalMs: {}]", ms);
  }

  /** One round now (also used by tests and on shutdown). */
  public synchronized void tick() {
    try {
      if (sequencer.publishIfGrown().isPresent()) {
        published.incrementAndGet();
      }
    } catch (Exception e) {
      failures.incrementAndGet();
      LOG.warn("checkpoint publication failed, will retry [error: {}]", e.getMessage());
    }
    if (followUp != null && sequencer.lead()) {
      try {
        followUp.run();
      } catch (Exception e) {
        failures.incrementAndGet();
        LOG.warn("checkpoint follow-up failed, will retry [error: {}]", e.getMessage());
      }
    }
  }

  public long published() {
    return published.get();
  }

  public long failures() {
    return failures.get();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sequencer.close();
  }
}
