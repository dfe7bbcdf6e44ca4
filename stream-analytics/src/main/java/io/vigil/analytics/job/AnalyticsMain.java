package io.vigil.analytics.job;

import io.vigil.analytics.sink.AnalyticsSchema;
import io.vigil.analytics.sink.JdbcUpserts;
import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Entry point of the job jar for {@code flink run}: {@code --kafka.bootstrap}, {@code --topic},
 * {@code --group}, {@code --jdbc.url}, {@code --jdbc.user}, {@code --jdbc.password} (or env {@code
 * VIGIL_ANALYTICS_JDBC_PASSWORD}), {@code --episode.days}, {@code --retention.days}, {@code
 * --flush.ms}, {@code --checkpoint.interval.ms}, {@code --ears.c1}, {@code --ears.c2}, {@code
 * --ears.c3}, {@code --ears.min-sigma}, {@code --timeliness.on-time-pct}, {@code
 * --timeliness.min-reports}. Migrates the tables, then submits the graph to the cluster.
 */
public final class AnalyticsMain {
  private AnalyticsMain() {}

  public static void main(String[] args) throws Exception {
    AnalyticsConfig config = fromArgs(ParameterTool.fromArgs(args));
    AnalyticsSchema.migrate(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(AnalyticsJob.flinkConfiguration(config));
    new AnalyticsJob(new KafkaEventInput(config), JdbcUpserts.sinks(config), config).build(env);
    env.execute(AnalyticsJob.NAME);
  }

  static AnalyticsConfig fromArgs(ParameterTool p) {
    AnalyticsConfig d = AnalyticsConfig.defaults();
    AnalyticsConfig.EarsConfig e = d.ears();
    AnalyticsConfig.TimelinessConfig t = d.timeliness();
    String password = System.getenv("VIGIL_ANALYTICS_JDBC_PASSWORD");
    return new AnalyticsConfig(
        p.get("kafka.bootstrap", d.kafkaBootstrap()),
        p.get("topic", d.topic()),
        p.get("group", d.groupId()),
        p.get("jdbc.url", d.jdbcUrl()),
        p.get("jdbc.user", d.jdbcUser()),
        p.get("jdbc.password", password != null ? password : d.jdbcPassword()),
        Duration.ofHours(p.getLong("out-of-orderness.hours", d.maxOutOfOrderness().toHours())),
        Duration.ofSeconds(p.getLong("idle.seconds", d.idleTimeout().toSeconds())),
        Duration.ofMillis(p.getLong("checkpoint.interval.ms", d.checkpointInterval().toMillis())),
        p.get("checkpoint.dir", null),
        Duration.ofMillis(p.getLong("flush.ms", d.flushInterval().toMillis())),
        p.getInt("sink.batch", d.sinkBatchSize()),
        p.getInt("episode.days", d.episodeDays()),
        p.getInt("retention.days", d.retentionDays()),
        new AnalyticsConfig.EarsConfig(
            p.getDouble("ears.c1", e.c1Threshold()),
            p.getDouble("ears.c2", e.c2Threshold()),
            p.getDouble("ears.c3", e.c3Threshold()),
            p.getDouble("ears.min-sigma", e.minSigma()),
            p.getInt("ears.lookback.days", e.lookbackDays())),
        new AnalyticsConfig.TimelinessConfig(
            p.getDouble("timeliness.on-time-pct", t.onTimeThresholdPct()),
            p.getInt("timeliness.min-reports", t.minReports())),
        p.getInt("parallelism", d.parallelism()));
  }
}
