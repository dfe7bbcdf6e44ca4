package io.vigil.analytics.testing;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.events.EventCodec;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real single-node KRaft broker in-process, and a producer writing EventCodec records. */
public final class TestKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final KafkaProducer<String, byte[]> producer;

  private TestKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** Starts a combined broker/controller node and creates {@code topic} with {@code partitions}. */
  public static TestKafka start(String topic, int partitions) throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    try (Admin admin = cluster.admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
    return new TestKafka(cluster);
  }

  public String bootstrap() {
    return cluster.bootstrapServers();
  }

  /** Sends events keyed by person key (as the relay does) and waits until the broker has them. */
  public void send(String topic, List<DeidentifiedEvent> events) throws Exception {
    for (DeidentifiedEvent e : events) {
      producer.send(new ProducerRecord<>(topic, e.personKey(), EventCodec.encode(e)));
    }
    producer.flush();
  }

  /** Sends one record with these raw bytes (e.g. a malformed one). */
  public void sendRaw(String topic, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic, "x", value)).get();
  }

  Map<String, Object> config() {
    return Map.of("bootstrap.servers", bootstrap());
  }

  @Override
  public void close() throws Exception {
    producer.close();
    cluster.close();
  }
}
