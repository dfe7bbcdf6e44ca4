package io.vigil.hub.timeliness;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code vigil_timeliness_late_senders}: the number of active late-sender alerts (sender-weeks
 * whose on-time percentage is below the job's threshold), refreshed from {@code timeliness_alert}
 * on a timer so a scrape never waits on the database. No labels: sender ids are unbounded and which
 * senders are late is in the table and the API, not in the metric.
 */
public final class LateSenderGauge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LateSenderGauge.class);

  private final TimelinessReader reader;
  private final AtomicLong value = new AtomicLong();
  private final ScheduledExecutorService timer;

  public LateSenderGauge(TimelinessReader reader, MeterRegistry meters, Duration every) {
    this.reader = reader;
    meters.gauge("vigil.timeliness.late.senders", value);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-late-senders");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Reads the count now. */
  public void refresh() {
    try {
      value.set(reader.activeAlerts());
    } catch (Exception e) {
      LOG.warn("late-sender count not refreshed [error: {}]", e.getClass().getSimpleName());
    }
  }

  /** The last count read. */
  public long value() {
    return value.get();
  }

  @Override
  public void close() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(5, TimeUnit.SECONDS);
  }
}
