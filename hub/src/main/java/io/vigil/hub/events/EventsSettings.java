package io.vigil.hub.events;

import io.vigil.ingest.deid.DeidConfig;
import io.vigil.ingest.outbox.OutboxConfig;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The de-identified event path: the de-identification policy's settings and where the outbox relay
 * publishes.
 *
 * @param kafka {@code OFF} (events accumulate durably in the outbox, nothing is published), {@code
 *     EMBEDDED} (dev: a single-node KRaft broker in-process, state in the data dir) or {@code
 *     EXTERNAL} (a Kafka cluster at {@code kafka.bootstrap-servers})
 * @param outbox topic, partitions, batch size, retention; bootstrap servers for EXTERNAL
 * @param personKeySecret the person-key HMAC secret, hex or base64 of ≥ 32 bytes ({@code
 *     deid.person-key-secret}); null in dev mode generates one into the data dir
 * @param zone the zone whose days events are dated in ({@code deid.zone}, default UTC)
 * @param conditionsFile a replacement reportable-condition value set ({@code deid.conditions-file})
 * @param processingIds the processing ids (HL7 table 0103) whose reports are counted in the trends
 *     ({@code deid.processing-ids}: {@code P} in production, {@code P,T,D} in dev)
 */
public record EventsSettings(
    KafkaMode kafka,
    OutboxConfig outbox,
    String personKeySecret,
    ZoneId zone,
    Optional<Path> conditionsFile,
    Set<String> processingIds,
    AnalyticsMode analytics,
    int suppressionK) {

  /** How the hub reaches Kafka. */
  public enum KafkaMode {
    OFF,
    EMBEDDED,
    EXTERNAL
  }

  /** Where the Flink job runs. */
  public enum AnalyticsMode {
    OFF,
    LOCAL,
    CLUSTER
  }

  public EventsSettings {
    Objects.requireNonNull(analytics, "analytics");
    if (suppressionK < 2) {
      throw new IllegalArgumentException("trends.k must be at least 2");
    }
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(outbox, "outbox");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(conditionsFile, "conditionsFile");
    processingIds = Set.copyOf(processingIds);
  }

  /** Outbox on, publishing off, UTC days, generated dev secret, test messages counted. */
  public static EventsSettings defaults() {
    return new EventsSettings(
        KafkaMode.OFF,
        OutboxConfig.defaults(),
        null,
        ZoneId.of("UTC"),
        Optional.empty(),
        DeidConfig.ALL_PROCESSING_IDS,
        AnalyticsMode.OFF,
        11);
  }

  public EventsSettings withKafka(KafkaMode mode) {
    return new EventsSettings(
        mode,
        outbox,
        personKeySecret,
        zone,
        conditionsFile,
        processingIds,
        analytics,
        suppressionK);
  }

  /** The same settings counting the reports of {@code ids} (HL7 table 0103) in the trends. */
  public EventsSettings withProcessingIds(Set<String> ids) {
    return new EventsSettings(
        kafka, outbox, personKeySecret, zone, conditionsFile, ids, analytics, suppressionK);
  }

  /** The same settings with the Flink job run as {@code mode}. */
  public EventsSettings withAnalytics(AnalyticsMode mode) {
    return new EventsSettings(
        kafka, outbox, personKeySecret, zone, conditionsFile, processingIds, mode, suppressionK);
  }

  @Override
  public String toString() {
    return "EventsSettings[kafka="
        + kafka
        + ", outbox="
        + outbox
        + ", zone="
        + zone
        + ", conditionsFile="
        + conditionsFile
        + ", processingIds="
        + processingIds
        + ", analytics="
        + analytics
        + ", k="
        + suppressionK
        + "]";
  }
}
