package io.vigil.ingest.outbox;

import java.time.Duration;
import java.util.Objects;

/**
 * The outbox relay: where de-identified events go and how.
 *
 * @param bootstrapServers Kafka bootstrap servers ({@code kafka.bootstrap-servers}); null when the
 *     relay is off (events still accumulate in the outbox, durably)
 * @param topic topic name; default {@code vigil.events.v1}
 * @param partitions partitions when the relay creates the topic; default 3
 * @param replicationFactor replication factor when the relay creates the topic; default 1 (use 3 on
 *     a production cluster)
 * @param batchSize most events read and published per round; default 1000
 * @param pollInterval pause when the outbox is empty; default 100 ms
 * @param retention how long published rows stay in the outbox for audit; default 7 days
 */
public record OutboxConfig(
    String bootstrapServers,
    String topic,
    int partitions,
    short replicationFactor,
    int batchSize,
    Duration pollInterval,
    Duration retention) {

  public static final String DEFAULT_TOPIC = "vigil.events.v1";

  public OutboxConfig {
    Objects.requireNonNull(topic, "topic");
    if (batchSize < 1 || partitions < 1 || replicationFactor < 1) {
      throw new IllegalArgumentException(
          "outbox batch size, partitions and replication must be ≥ 1");
    }
  }

  public static OutboxConfig defaults() {
    return new OutboxConfig(
        null, DEFAULT_TOPIC, 3, (short) 1, 1000, Duration.ofMillis(100), Duration.ofDays(7));
  }

  public OutboxConfig withBootstrapServers(String servers) {
    return new OutboxConfig(
        servers, topic, partitions, replicationFactor, batchSize, pollInterval, retention);
  }

  /** True when a Kafka cluster is configured. */
  public boolean enabled() {
    return bootstrapServers != null && !bootstrapServers.isBlank();
  }
}
