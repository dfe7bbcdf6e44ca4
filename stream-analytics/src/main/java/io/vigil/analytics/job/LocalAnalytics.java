package io.vigil.analytics.job;

import io.vigil.analytics.sink.JdbcUpserts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job running in-process on a Flink MiniCluster (dev mode and tests). Checkpoints go to the
 * configured directory and are retained on close; the next start resumes from the newest one, so a
 * restart neither loses nor double counts. A watchdog starts the job again from there when it gets
 * stuck. The caller migrates the tables first ({@link io.vigil.analytics.sink.AnalyticsSchema}).
 */
public final class LocalAnalytics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalAnalytics.class);

  /** How often the watchdog looks at the job. */
  private static final Duration POLL = Duration.ofSeconds(5);

  /** The shortest time without a checkpoint after which a job that says RUNNING is stuck. */
  static final Duration MIN_STALL = Duration.ofSeconds(60);

  private final AnalyticsJob job;
  private final AnalyticsConfig config;
  private final Duration stall;
  private final ScheduledExecutorService watchdog;
  private volatile JobClient client;
  private volatile long startedAt = System.currentTimeMillis();
  private volatile boolean running;
  private volatile boolean closed;
  // Watchdog thread only.
  private long runningSince = -1;
  private long restartedAt;
  private int restarts;
  private boolean awaitingCheckpoint;

  private LocalAnalytics(
      AnalyticsJob job, AnalyticsConfig config, Duration stall, JobClient client) {
    this.job = job;
    this.config = config;
    this.stall = stall;
    this.client = client;
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "analytics-watchdog");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts the job with Kafka input and PostgreSQL sinks. */
  public static LocalAnalytics start(AnalyticsConfig config) {
    return start(
        new AnalyticsJob(new KafkaEventInput(config), JdbcUpserts.sinks(config), config), config);
  }

  /**
   * Starts {@code job} (built with {@code config}) on a local MiniCluster, and a watchdog that
   * starts it again from its newest checkpoint when it ends or stops checkpointing while it says
   * RUNNING for {@code max(60 s, 6 checkpoint intervals)}. That is what a MiniCluster whose only
   * TaskManager died looks like (ops6 #5): nothing replaces the TaskManager, the job waits for
   * slots forever. A job that Flink itself is restarting (a database refusing writes) is left to
   * Flink.
   */
  public static LocalAnalytics start(AnalyticsJob job, AnalyticsConfig config) {
    Duration checkpoints = config.checkpointInterval().multipliedBy(6);
    return start(job, config, checkpoints.compareTo(MIN_STALL) > 0 ? checkpoints : MIN_STALL);
  }

  static LocalAnalytics start(AnalyticsJob job, AnalyticsConfig config, Duration stall) {
    LocalAnalytics analytics = new LocalAnalytics(job, config, stall, submit(job, config));
    analytics.watchdog.scheduleWithFixedDelay(
        analytics::watch, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    return analytics;
  }

  private static JobClient submit(AnalyticsJob job, AnalyticsConfig config) {
    Configuration conf = AnalyticsJob.flinkConfiguration(config);
    Optional<Path> resume = latestCheckpoint(config);
    resume.ifPresent(p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString()));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
    job.build(env);
    try {
      JobClient client = env.executeAsync(AnalyticsJob.NAME);
      LOG.info(
          "analytics job started [job: {}, resumed: {}]",
          client.getJobID(),
          resume.map(Path::toString).orElse("no checkpoint"));
      return client;
    } catch (Exception e) {
      throw new IllegalStateException("analytics job did not start", e);
    }
  }

  private void watch() {
    try {
      JobStatus status = client.getJobStatus().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
      long now = System.currentTimeMillis();
      long checkpointed = latestCheckpoint(config).map(LocalAnalytics::completedAt).orElse(0L);
      long progress = Math.max(startedAt, checkpointed);
      // Without a checkpoint directory progress cannot be seen: only an ended job is restarted.
      boolean progressing = config.checkpointDir() == null || now - progress < stall.toMillis();
      if (status != JobStatus.RUNNING) {
        runningSince = -1;
      } else if (runningSince < 0) {
        runningSince = now;
      }
      running = status == JobStatus.RUNNING && progressing;
      if (awaitingCheckpoint && (checkpointed > startedAt || config.checkpointDir() == null)) {
        awaitingCheckpoint = false;
        LOG.info(
            "analytics job running again [job: {}, restarts: {}]", client.getJobID(), restarts);
      }
      boolean stuck = runningSince >= 0 && now - runningSince >= stall.toMillis() && !progressing;
      if ((status.isGloballyTerminalState() || stuck) && now - restartedAt >= stall.toMillis()) {
        restart(status, (now - progress) / 1000);
      }
    } catch (Exception e) {
      running = false;
      if (!closed) {
        LOG.warn("analytics watchdog check failed [error: {}]", e.toString());
      }
    }
  }

  private synchronized void restart(JobStatus status, long secondsWithoutCheckpoint) {
    if (closed) {
      return;
    }
    JobClient stuck = client;
    LOG.warn(
        "analytics job makes no progress, starting it again from its newest checkpoint"
            + " [job: {}, status: {}, secondsWithoutCheckpoint: {}]",
        stuck.getJobID(),
        status,
        secondsWithoutCheckpoint);
    restartedAt = System.currentTimeMillis();
    try {
      stuck.cancel().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // An ended job cannot be cancelled, a dead cluster may not answer: start anyway.
      LOG.debug("stuck analytics job not cancelled [job: {}]", stuck.getJobID(), e);
    }
    startedAt = System.currentTimeMillis();
    client = submit(job, config);
    restarts++;
    runningSince = -1;
    awaitingCheckpoint = true;
  }

  /**
   * Whether the job runs and makes progress: RUNNING when the watchdog last looked, with a
   * checkpoint completed (or the job started) within the stall time. False while Flink restarts it
   * and while it is stuck.
   */
  public boolean isRunning() {
    return running;
  }

  /** The newest completed, retained checkpoint under the checkpoint directory, if any. */
  public static Optional<Path> latestCheckpoint(AnalyticsConfig config) {
    if (config.checkpointDir() == null) {
      return Optional.empty();
    }
    Path root = Path.of(java.net.URI.create(config.checkpointDir()));
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    for (int attempt = 1; ; attempt++) {
      try (Stream<Path> files = Files.find(root, 3, (p, a) -> p.endsWith("_metadata"))) {
        return files
            .filter(p -> p.getParent().getFileName().toString().startsWith("chk-"))
            .max(Comparator.comparingLong(LocalAnalytics::modified))
            .map(Path::getParent);
      } catch (IOException | UncheckedIOException e) {
        // A running job deletes subsumed checkpoints while we walk the directory: look again.
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (!(cause instanceof NoSuchFileException) || attempt == 5) {
          throw new UncheckedIOException("could not list checkpoints", (IOException) cause);
        }
      }
    }
  }

  private static long completedAt(Path checkpoint) {
    return modified(checkpoint.resolve("_metadata"));
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /** The running job's client (status, id); another one after the watchdog restarted it. */
  public JobClient client() {
    return client;
  }

  /** Stops the watchdog, cancels the job (its checkpoints are retained), waits for it to stop. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    watchdog.shutdownNow();
    JobClient client = this.client;
    try {
      client.cancel().get(30, TimeUnit.SECONDS);
      LOG.info("analytics job stopped [job: {}]", client.getJobID());
    } catch (Exception e) {
      LOG.warn("analytics job did not stop cleanly [job: {}]", client.getJobID(), e);
    }
  }
}
