package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.events.EventCodec;
import io.vigil.hub.HubConfig;
import io.vigil.hub.bench.ElrMessageFactory;
import io.vigil.hub.events.EmbeddedKafka;
import io.vigil.hub.events.EventsSettings;
import io.vigil.ingest.outbox.OutboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accepted reports → outbox → relay → a real Kafka broker: every event arrives, nothing of the
 * patients does, and a broker outage loses nothing (the outbox holds the events until it returns).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EventPipelineIT {
  @TempDir Path dir;

  @Test
  void eventsReachKafkaWithoutPatientDataAndSurviveABrokerOutage() throws Exception {
    int brokerPort = EmbeddedKafka.freePort();
    int controllerPort = EmbeddedKafka.freePort();
    Path kafkaDir = dir.resolve("kafka");
    EmbeddedKafka broker = EmbeddedKafka.start(kafkaDir, brokerPort, controllerPort);
    String bootstrap = broker.bootstrapServers();
    HubConfig config =
        HubConfig.forDev(dir.resolve("hub"))
            .withEvents(
                new EventsSettings(
                    EventsSettings.KafkaMode.EXTERNAL,
                    OutboxConfig.defaults().withBootstrapServers(bootstrap),
                    null,
                    ZoneId.of("America/Chicago"),
                    Optional.empty(),
                    io.vigil.ingest.deid.DeidConfig.ALL_PROCESSING_IDS,
                    EventsSettings.AnalyticsMode.OFF,
                    11));
    ElrMessageFactory factory =
        new ElrMessageFactory(7, "EVT", 64, ZonedDateTime.now(ZoneId.of("UTC")));
    List<String> sent = new ArrayList<>();
    try (HubFixture fixture = new HubFixture(config)) {
      try (MllpClient mllp = new MllpClient(fixture.hub.mllpPort())) {
        for (int i = 0; i < 200; i++) {
          String message = factory.message(i);
          sent.add(message);
          assertThat(MllpClient.ackCode(mllp.send(message))).isEqualTo("AA");
        }
      }
      long accepted = fixture.count("ack_code = 'AA'");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  fixture.scalar("SELECT count(*) FROM event_outbox WHERE published_at IS NULL")
                      == 0);
      long events = fixture.scalar("SELECT count(*) FROM event_outbox");
      // Every generated test is in the reportable value set: one event per accepted message.
      assertThat(events).isEqualTo(accepted).isEqualTo(200);

      // The broker goes away: reports are still accepted, their events wait in the outbox.
      broker.close();
      try (MllpClient mllp = new MllpClient(fixture.hub.mllpPort())) {
        for (int i = 200; i < 300; i++) {
          String message = factory.message(i);
          sent.add(message);
          assertThat(MllpClient.ackCode(mllp.send(message))).isEqualTo("AA");
        }
      }
      assertThat(fixture.scalar("SELECT count(*) FROM event_outbox WHERE published_at IS NULL"))
          .isEqualTo(100);

      // It comes back on the same port with the same log: the outbox drains by itself.
      broker = EmbeddedKafka.start(kafkaDir, brokerPort, controllerPort);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  fixture.scalar("SELECT count(*) FROM event_outbox WHERE published_at IS NULL")
                      == 0);
      assertThat(fixture.scalar("SELECT count(*) FROM event_outbox")).isEqualTo(300);

      Map<String, String> published = consumeAll(bootstrap, 300);
      assertThat(published).hasSize(300);
      Set<String> outboxIds = new HashSet<>();
      try (var c = fixture.sql();
          var rs = c.createStatement().executeQuery("SELECT event_id FROM event_outbox")) {
        while (rs.next()) {
          outboxIds.add(rs.getString(1));
        }
      }
      assertThat(published.keySet()).isEqualTo(outboxIds);
      for (String json : published.values()) {
        DeidentifiedEvent e = EventCodec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(e.kind()).isEqualTo(DeidentifiedEvent.LAB_RESULT);
        assertThat(e.condition()).isIn("COVID-19", "Influenza");
        assertThat(e.stateFips()).isEqualTo("17");
      }
      assertNoPatientData(sent, published.values());
    } finally {
      broker.close();
    }
  }

  /** Every record on the topic, by event id (duplicates from a retried round collapse). */
  static Map<String, String> consumeAll(String bootstrap, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    Map<String, String> byId = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(OutboxConfig.DEFAULT_TOPIC));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (byId.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          String json = new String(r.value(), StandardCharsets.UTF_8);
          DeidentifiedEvent e = EventCodec.decode(r.value());
          assertThat(r.key()).isEqualTo(e.personKey());
          byId.put(e.eventId(), json);
        }
      }
    }
    return byId;
  }

  /** Names, identifiers, birth dates, street addresses and phone numbers of every patient sent. */
  static void assertNoPatientData(List<String> messages, Iterable<String> published) {
    Set<String> phi = new HashSet<>();
    for (String m : messages) {
      for (String segment : m.split("\r")) {
        if (!segment.startsWith("PID|")) {
          continue;
        }
        String[] f = segment.split("\\|", -1);
        phi.add(f[3].split("\\^")[0]); // MRN
        String[] name = f[5].split("\\^");
        phi.add(name[0]);
        phi.add(name[1]);
        String birth = f[7];
        phi.add(birth);
        phi.add(birth.substring(0, 4) + "-" + birth.substring(4, 6) + "-" + birth.substring(6, 8));
        phi.add(f[11].split("\\^")[0]); // street
        String[] phone = f[13].split("\\^");
        if (phone.length > 6) {
          phi.add(phone[6]);
        }
      }
    }
    phi.removeIf(v -> v.length() < 4);
    assertThat(phi).hasSizeGreaterThan(20);
    for (String json : published) {
      for (String value : phi) {
        assertThat(json).as("published event leaks a patient value").doesNotContain(value);
      }
    }
  }
}
