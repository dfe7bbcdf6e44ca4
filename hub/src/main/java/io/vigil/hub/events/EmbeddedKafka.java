package io.vigil.hub.events;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker + controller) running in this JVM from Kafka's
 * own server artifacts: the dev mode's event bus. Its log lives in the data directory, so events
 * published before a restart are still there after it. Production uses a Kafka cluster instead.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Formats {@code dir} on first use and starts the broker on a free loopback port.
   *
   * @param dir the broker's log directory (created if missing)
   */
  public static EmbeddedKafka start(Path dir) throws Exception {
    return start(dir, 0, 0);
  }

  /**
   * Formats {@code dir} on first use and starts the broker on the given loopback ports (0 picks a
   * free one). Restarting on the same ports and directory brings back the same broker.
   */
  public static EmbeddedKafka start(Path dir, int brokerPort, int controllerPort) throws Exception {
    Files.createDirectories(dir);
    brokerPort = brokerPort == 0 ? freePort() : brokerPort;
    controllerPort = controllerPort == 0 ? freePort() : controllerPort;
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put("log.dirs", dir.toAbsolutePath().toString());
    props.put("num.partitions", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    // Dev data: keep a week of events, flushed by the OS like any Kafka broker.
    props.put("log.retention.hours", "168");
    KafkaConfig config = new KafkaConfig(props, false);
    if (!Files.exists(dir.resolve("meta.properties"))) {
      format(config, dir);
    }
    long started = System.nanoTime();
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    String bootstrap = "127.0.0.1:" + brokerPort;
    LOG.info(
        "embedded Kafka ready [bootstrap: {}, dir: {}, ms: {}]",
        bootstrap,
        dir,
        (System.nanoTime() - started) / 1_000_000);
    return new EmbeddedKafka(server, bootstrap);
  }

  private static void format(KafkaConfig config, Path dir) throws Exception {
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
        .setClusterId(Uuid.randomUuid().toString())
        .setNodeId(1)
        .setControllerListenerName("CONTROLLER")
        .setMetadataLogDirectory(dir.toAbsolutePath().toString())
        .setDirectories(List.of(dir.toAbsolutePath().toString()))
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .run();
    LOG.info("formatted embedded Kafka storage [dir: {}]", dir);
  }

  /** A free loopback port (for tests that restart a broker on the same port). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    LOG.info("embedded Kafka stopped");
  }
}
