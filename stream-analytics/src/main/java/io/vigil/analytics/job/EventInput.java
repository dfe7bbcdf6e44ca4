package io.vigil.analytics.job;

import java.io.Serializable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the job's events (as {@link Report}s) come from: Kafka in production ({@link
 * KafkaEventInput}), else tests.
 */
@FunctionalInterface
public interface EventInput extends Serializable {
  /** Adds the source to {@code env} with the job's watermark strategy. */
  DataStream<Report> open(StreamExecutionEnvironment env, WatermarkStrategy<Report> watermarks);
}
