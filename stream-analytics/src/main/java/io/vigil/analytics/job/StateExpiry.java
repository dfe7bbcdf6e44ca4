package io.vigil.analytics.job;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/**
 * The job's one state time-to-live policy: state expires {@code ttl} after it was last written
 * (processing time) and is never returned once expired.
 *
 * <p>Expired entries are removed from the heap by visiting one entry per state access. Flink's
 * default visits five, and those visits (random reads across a large state table) were a sixth of
 * the job's CPU. One per access is plenty: every operator accesses its state at least once per
 * record, so a full sweep of a state of size S takes at most S records, while the states hold
 * entries written over days (de-duplication: 14 days of event ids; cells: up to two years).
 */
public final class StateExpiry {
  private StateExpiry() {}

  /** Expire {@code ttl} after the last write. */
  public static StateTtlConfig afterWrite(Duration ttl) {
    return StateTtlConfig.newBuilder(ttl)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .cleanupIncrementally(1, false)
        .build();
  }
}
