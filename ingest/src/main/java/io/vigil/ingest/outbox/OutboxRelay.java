package io.vigil.ingest.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the event outbox to Kafka: reads unpublished rows in {@code seq} order, sends them with
 * an idempotent producer ({@code acks=all}), and marks them published only after Kafka has
 * acknowledged every one. A crash between the two repeats a round, so delivery is at least once and
 * consumers deduplicate by event id; order per key is kept because one relay (the holder of a
 * database advisory lock, whichever hub instance that is) publishes in {@code seq} order and
 * retries a failed round from its first unpublished row.
 */
public final class OutboxRelay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

  /** Advisory lock key of the relay leader ("VIGILOBX"). */
  static final long LEADER_LOCK = 0x564947494c4f4258L;

  private static final String SELECT =
      "SELECT seq, message_key, payload FROM event_outbox"
          + " WHERE published_at IS NULL ORDER BY seq LIMIT ?";
  private static final String MARK =
      "UPDATE event_outbox SET published_at = now() WHERE seq = ANY(?)";
  private static final String PURGE =
      "DELETE FROM event_outbox WHERE seq IN (SELECT seq FROM event_outbox"
          + " WHERE published_at < now() - ?::interval LIMIT 10000)";
  private static final String PENDING =
      "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)"
          + " FROM event_outbox WHERE published_at IS NULL";

  private final DataSource dataSource;
  private final OutboxConfig config;
  private final Producer<String, byte[]> producer;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean leader;

  private final Counter published;
  private final Counter failures;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong oldestPendingSeconds = new AtomicLong();

  /** A relay with its own Kafka producer for {@code config.bootstrapServers()}. */
  public static OutboxRelay start(
      DataSource dataSource, OutboxConfig config, MeterRegistry meters) {
    OutboxRelay relay = new OutboxRelay(dataSource, config, newProducer(config), meters);
    relay.thread.start();
    LOG.info(
        "outbox relay started [topic: {}, bootstrap: {}]",
        config.topic(),
        config.bootstrapServers());
    return relay;
  }

  OutboxRelay(
      DataSource dataSource,
      OutboxConfig config,
      Producer<String, byte[]> producer,
      MeterRegistry meters) {
    this.dataSource = dataSource;
    this.config = config;
    this.producer = producer;
    this.published =
        Counter.builder("vigil.outbox.published")
            .description("De-identified events Kafka acknowledged")
            .register(meters);
    this.failures =
        Counter.builder("vigil.outbox.publish.failures")
            .description("Relay rounds that failed (Kafka or database unavailable); retried")
            .register(meters);
    Gauge.builder("vigil.outbox.pending", pending, AtomicLong::get)
        .description("Events in the outbox not yet acknowledged by Kafka")
        .register(meters);
    Gauge.builder("vigil.outbox.oldest.pending.age", oldestPendingSeconds, AtomicLong::get)
        .description("Age of the oldest unpublished event")
        .baseUnit("seconds")
        .register(meters);
    Gauge.builder("vigil.outbox.relay.leader", this, r -> r.leader ? 1 : 0)
        .description("1 when this instance holds the relay leadership")
        .register(meters);
    this.thread = new Thread(this::run, "vigil-outbox-relay");
    this.thread.setDaemon(true);
  }

  static Producer<String, byte[]> newProducer(OutboxConfig config) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-outbox-relay");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  /**
   * Creates the topic when it does not exist. False when the cluster cannot be reached (the relay
   * tries again); a cluster that refuses to create it (no permission: the operator creates it) is
   * logged and publishing proceeds.
   */
  static boolean ensureTopic(OutboxConfig config) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    try (Admin admin = Admin.create(p)) {
      NewTopic topic =
          new NewTopic(config.topic(), config.partitions(), config.replicationFactor())
              .configs(Map.of("min.insync.replicas", config.replicationFactor() > 1 ? "2" : "1"));
      admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
      LOG.info(
          "created topic [topic: {}, partitions: {}, replication: {}]",
          config.topic(),
          config.partitions(),
          config.replicationFactor());
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return true;
      }
      if (e.getCause() instanceof org.apache.kafka.common.errors.RetriableException) {
        LOG.warn("Kafka not reachable yet [topic: {}, error: {}]", config.topic(), e.getCause());
        return false;
      }
      LOG.warn("could not create topic [topic: {}, error: {}]", config.topic(), e.getCause());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (TimeoutException | org.apache.kafka.common.KafkaException e) {
      LOG.warn("Kafka not reachable yet [topic: {}, error: {}]", config.topic(), e.toString());
      return false;
    }
  }

  private void run() {
    long backoffMs = 100;
    long lastPurge = 0;
    boolean topicReady = false;
    while (running) {
      if (!topicReady) {
        topicReady = ensureTopic(config);
        if (!topicReady) {
          sleep(backoffMs);
          backoffMs = Math.min(backoffMs * 2, 30_000);
          continue;
        }
      }
      try (Connection lock = dataSource.getConnection()) {
        if (!tryLead(lock)) {
          leader = false;
          sleep(Math.max(1000, config.pollInterval().toMillis()));
          continue;
        }
        if (!leader) {
          LOG.info("outbox relay is the leader [topic: {}]", config.topic());
        }
        leader = true;
        long lastGauge = 0;
        while (running) {
          int sent = round();
          backoffMs = 100;
          long now = System.currentTimeMillis();
          if (now - lastGauge > 1000) {
            refreshGauges();
            lastGauge = now;
          }
          if (now - lastPurge > 60_000) {
            purge();
            lastPurge = now;
          }
          if (sent == 0) {
            sleep(config.pollInterval().toMillis());
          }
          if (!lock.isValid(1)) {
            break; // lost the connection holding the lock: lost leadership
          }
        }
      } catch (SQLException | PublishException e) {
        failures.increment();
        LOG.warn(
            "outbox relay round failed, retrying [backoffMs: {}, error: {}]",
            backoffMs,
            e.getMessage());
        sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 30_000);
      } catch (RuntimeException e) {
        failures.increment();
        LOG.error("outbox relay failed unexpectedly, retrying", e);
        sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
    leader = false;
  }

  private static boolean tryLead(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LEADER_LOCK + ")")) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /** Publishes one batch; returns how many events it published. */
  int round() throws SQLException, PublishException {
    List<Long> seqs = new ArrayList<>();
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(SELECT)) {
        ps.setInt(1, config.batchSize());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            seqs.add(rs.getLong(1));
            acks.add(
                producer.send(
                    new ProducerRecord<>(
                        config.topic(),
                        rs.getString(2),
                        rs.getString(3).getBytes(StandardCharsets.UTF_8))));
          }
        }
      }
      if (seqs.isEmpty()) {
        return 0;
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        try {
          ack.get();
        } catch (ExecutionException e) {
          throw new PublishException("Kafka refused an event: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PublishException("interrupted while publishing", e);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(MARK)) {
        ps.setArray(1, c.createArrayOf("int8", seqs.toArray()));
        ps.executeUpdate();
      }
    }
    published.increment(seqs.size());
    return seqs.size();
  }

  private void refreshGauges() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(PENDING)) {
      if (rs.next()) {
        pending.set(rs.getLong(1));
        oldestPendingSeconds.set((long) rs.getDouble(2));
      }
    }
  }

  private void purge() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(PURGE)) {
      ps.setString(1, config.retention().toSeconds() + " seconds");
      int purged = ps.executeUpdate();
      if (purged > 0) {
        LOG.info("purged published outbox rows [rows: {}]", purged);
      }
    }
  }

  /** True while this instance holds the relay leadership. */
  public boolean isLeader() {
    return leader;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops after the current round; unpublished rows stay in the outbox for the next start. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(15).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }

  /** Kafka did not acknowledge a round. */
  static final class PublishException extends Exception {
    private static final long serialVersionUID = 1L;

    PublishException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
