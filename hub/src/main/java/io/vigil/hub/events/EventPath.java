package io.vigil.hub.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.analytics.job.AnalyticsConfig;
import io.vigil.analytics.job.LocalAnalytics;
import io.vigil.analytics.sink.AnalyticsSchema;
import io.vigil.hub.HubConfig;
import io.vigil.ingest.deid.DeidConfig;
import io.vigil.ingest.deid.Deidentifier;
import io.vigil.ingest.outbox.OutboxConfig;
import io.vigil.ingest.outbox.OutboxRelay;
import io.vigil.ingest.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The de-identified event path of a running hub: the de-identification policy the intake applies,
 * and (unless Kafka is off) the broker and the outbox relay that publishes to it. Closing stops the
 * relay before the broker.
 */
public final class EventPath implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventPath.class);

  private final Deidentifier deidentifier;
  private final Deque<AutoCloseable> opened;
  private final String bootstrapServers;

  private EventPath(
      Deidentifier deidentifier, Deque<AutoCloseable> opened, String bootstrapServers) {
    this.deidentifier = deidentifier;
    this.opened = opened;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Builds the policy, migrates the aggregate tables, starts the embedded broker and the relay if
   * configured, and the Flink job in a MiniCluster in LOCAL analytics mode.
   *
   * @param store the resolved database settings (the Flink sinks open their own connections)
   */
  public static EventPath start(
      HubConfig config, StoreConfig store, DataSource dataSource, MeterRegistry meters)
      throws Exception {
    EventsSettings settings = config.events();
    // The analyst API reads these tables whoever writes them.
    AnalyticsSchema.migrate(dataSource);
    Deidentifier deid =
        Deidentifier.of(
            new DeidConfig(
                PersonKeySecret.resolve(config),
                settings.zone(),
                settings.conditionsFile(),
                settings.processingIds()));
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      OutboxConfig outbox = settings.outbox();
      switch (settings.kafka()) {
        case OFF -> {
          LOG.info("event publishing off: de-identified events stay in the outbox");
          return new EventPath(deid, opened, null);
        }
        case EMBEDDED -> {
          EmbeddedKafka kafka = EmbeddedKafka.start(config.dataDir().resolve("kafka"));
          opened.push(kafka);
          outbox = outbox.withBootstrapServers(kafka.bootstrapServers());
        }
        case EXTERNAL -> {
          if (!outbox.enabled()) {
            throw new IllegalStateException(
                "kafka.mode=external needs kafka.bootstrap-servers (VIGIL_KAFKA_BOOTSTRAP_SERVERS),"
                    + " or kafka.mode=off to keep events in the outbox");
          }
        }
      }
      opened.push(OutboxRelay.start(dataSource, outbox, meters));
      if (settings.analytics() == EventsSettings.AnalyticsMode.LOCAL) {
        Path checkpoints = config.dataDir().resolve("flink-checkpoints").toAbsolutePath();
        AnalyticsConfig job =
            AnalyticsConfig.defaults()
                .withKafka(outbox.bootstrapServers(), outbox.topic())
                .withDatabase(store.jdbcUrl(), store.user(), store.password())
                .withCheckpoints(Duration.ofSeconds(10), checkpoints);
        LocalAnalytics analytics = LocalAnalytics.start(job);
        opened.push(analytics);
        Gauge.builder("vigil.analytics.job.running", analytics, a -> a.isRunning() ? 1 : 0)
            .description(
                "1 while the in-process analytics job runs and checkpoints; 0 while it is"
                    + " restarting or stuck (the trend tables are not being updated)")
            .register(meters);
        LOG.info("analytics job running in-process [checkpoints: {}]", checkpoints);
      }
      return new EventPath(deid, opened, outbox.bootstrapServers());
    } catch (Exception | Error e) {
      closeAll(opened);
      throw e;
    }
  }

  /** The policy applied to every accepted report. */
  public Deidentifier deidentifier() {
    return deidentifier;
  }

  /** Where events are published, when publishing is on. */
  public Optional<String> bootstrapServers() {
    return Optional.ofNullable(bootstrapServers);
  }

  @Override
  public void close() {
    closeAll(opened);
  }

  private static void closeAll(Deque<AutoCloseable> opened) {
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        LOG.warn("event path shutdown step failed [error: {}]", e.toString());
      }
    }
  }
}
