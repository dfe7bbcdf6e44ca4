package io.vigil.analytics.job;

import io.vigil.events.DeidentifiedEvent;
import java.io.Serializable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Where the job's events come from: Kafka in production ({@link KafkaEventInput}), else tests. */
@FunctionalInterface
public interface EventInput extends Serializable {
  /** Adds the source to {@code env} with the job's watermark strategy. */
  DataStream<DeidentifiedEvent> open(
      StreamExecutionEnvironment env, WatermarkStrategy<DeidentifiedEvent> watermarks);
}
