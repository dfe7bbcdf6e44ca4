package io.vigil.analytics.job;

import io.vigil.events.MalformedEventException;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code vigil.events.v1} with a {@link KafkaSource}. Offsets live in the job's checkpoints
 * (committed to the group only for monitoring); a job without state starts from the earliest
 * offset, so a fresh job rebuilds every total from the topic instead of overwriting the tables with
 * partial ones.
 */
public final class KafkaEventInput implements EventInput {
  private static final long serialVersionUID = 1L;

  private final String bootstrap;
  private final String topic;
  private final String groupId;

  public KafkaEventInput(AnalyticsConfig config) {
    this.bootstrap = config.kafkaBootstrap();
    this.topic = config.topic();
    this.groupId = config.groupId();
  }

  @Override
  public DataStream<Report> open(
      StreamExecutionEnvironment env, WatermarkStrategy<Report> watermarks) {
    KafkaSource<Report> source =
        KafkaSource.<Report>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(topic)
            .setGroupId(groupId)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setValueOnlyDeserializer(new EventDeserializer())
            .build();
    return env.fromSource(source, watermarks, "kafka " + topic).uid("kafka-source");
  }

  /**
   * Decodes EventCodec JSON ({@link ReportDecoder}); a malformed record is skipped (logged without
   * its content).
   */
  static final class EventDeserializer extends AbstractDeserializationSchema<Report> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EventDeserializer.class);

    private transient ReportDecoder decoder;

    EventDeserializer() {
      super(Report.class);
    }

    @Override
    public Report deserialize(byte[] message) {
      if (decoder == null) {
        decoder = new ReportDecoder();
      }
      try {
        return decoder.decode(message);
      } catch (MalformedEventException e) {
        LOG.warn("skipped malformed event [bytes: {}]", message == null ? 0 : message.length);
        return null;
      }
    }
  }
}
