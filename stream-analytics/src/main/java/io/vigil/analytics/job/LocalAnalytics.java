package io.vigil.analytics.job;

import io.vigil.analytics.sink.JdbcUpserts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job running in-process on a Flink MiniCluster (dev mode and tests). Checkpoints go to the
 * configured directory and are retained on close; the next start resumes from the newest one, so a
 * restart neither loses nor double counts. The caller migrates the tables first ({@link
 * io.vigil.analytics.sink.AnalyticsSchema}).
 */
public final class LocalAnalytics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalAnalytics.class);

  private final JobClient client;

  private LocalAnalytics(JobClient client) {
    this.client = client;
  }

  /** Starts the job with Kafka input and PostgreSQL sinks. */
  public static LocalAnalytics start(AnalyticsConfig config) {
    return start(
        new AnalyticsJob(new KafkaEventInput(config), JdbcUpserts.sinks(config), config), config);
  }

  /** Starts {@code job} (built with {@code config}) on a local MiniCluster. */
  public static LocalAnalytics start(AnalyticsJob job, AnalyticsConfig config) {
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
      return new LocalAnalytics(client);
    } catch (Exception e) {
      throw new IllegalStateException("analytics job did not start", e);
    }
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

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /** The running job's client (status, id). */
  public JobClient client() {
    return client;
  }

  /** Cancels the job (its checkpoints are retained) and waits for it to stop. */
  @Override
  public void close() {
    try {
      client.cancel().get(30, TimeUnit.SECONDS);
      LOG.info("analytics job stopped [job: {}]", client.getJobID());
    } catch (Exception e) {
      LOG.warn("analytics job did not stop cleanly [job: {}]", client.getJobID(), e);
    }
  }
}
