package io.vigil.analytics.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the analytics job. Defaults run on a laptop against the dev broker and database.
 *
 * @param kafkaBootstrap Kafka bootstrap servers (default {@code localhost:9092})
 * @param topic event topic (default {@code vigil.events.v1})
 * @param groupId consumer group, used for offset reporting only: the job keeps its offsets in
 *     checkpoints and starts from the earliest offset when it has no state (default {@code
 *     vigil-analytics})
 * @param jdbcUrl PostgreSQL URL of the analytics tables
 * @param jdbcUser database user
 * @param jdbcPassword database password
 * @param maxOutOfOrderness watermark bound: how far event days may arrive out of order before a day
 *     counts as complete for the signals (default 2 days); later reports still revise every table
 * @param idleTimeout a source partition without events for this long stops holding the watermark
 *     back (default 30 s)
 * @param checkpointInterval checkpoint period; the sinks also flush on each checkpoint (default 10
 *     s)
 * @param checkpointDir where checkpoints go (a {@code file:} or cluster URI); null uses the cluster
 *     default
 * @param flushInterval how long a changed cell waits before its new total is emitted, so one upsert
 *     covers many events (default 500 ms)
 * @param sinkBatchSize upserts per JDBC batch (default 500)
 * @param episodeDays a person counts as a new case of a condition once per this many days (default
 *     90)
 * @param retentionDays keyed state (cell totals) is dropped when not updated for this long (default
 *     2 years of days, 731); events more than {@code retentionDays - 30} days before their received
 *     day are not aggregated into trends and doses ({@link Horizon})
 * @param ears EARS C1/C2/C3 settings
 * @param timeliness timeliness settings
 * @param parallelism operator parallelism (default 1)
 */
public record AnalyticsConfig(
    String kafkaBootstrap,
    String topic,
    String groupId,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    Duration maxOutOfOrderness,
    Duration idleTimeout,
    Duration checkpointInterval,
    String checkpointDir,
    Duration flushInterval,
    int sinkBatchSize,
    int episodeDays,
    int retentionDays,
    EarsConfig ears,
    TimelinessConfig timeliness,
    int parallelism) {

  public AnalyticsConfig {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(ears, "ears");
    Objects.requireNonNull(timeliness, "timeliness");
    if (episodeDays < 1 || retentionDays < 1 || sinkBatchSize < 1 || parallelism < 1) {
      throw new IllegalArgumentException("episodeDays, retentionDays, batch, parallelism >= 1");
    }
    if (retentionDays <= Horizon.MARGIN_DAYS + episodeDays) {
      throw new IllegalArgumentException(
          "retentionDays must exceed episodeDays + "
              + Horizon.MARGIN_DAYS
              + " (the horizon margin)");
    }
  }

  /** Defaults for a laptop (dev broker on 9092, local PostgreSQL database {@code vigil}). */
  public static AnalyticsConfig defaults() {
    return new AnalyticsConfig(
        "localhost:9092",
        "vigil.events.v1",
        "vigil-analytics",
        "jdbc:postgresql://localhost:5432/vigil",
        "vigil",
        "vigil",
        Duration.ofDays(2),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        null,
        Duration.ofMillis(500),
        500,
        90,
        731,
        EarsConfig.defaults(),
        TimelinessConfig.defaults(),
        1);
  }

  public AnalyticsConfig withKafka(String bootstrap, String topic) {
    return new AnalyticsConfig(
        bootstrap,
        topic,
        groupId,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        maxOutOfOrderness,
        idleTimeout,
        checkpointInterval,
        checkpointDir,
        flushInterval,
        sinkBatchSize,
        episodeDays,
        retentionDays,
        ears,
        timeliness,
        parallelism);
  }

  public AnalyticsConfig withDatabase(String url, String user, String password) {
    return new AnalyticsConfig(
        kafkaBootstrap,
        topic,
        groupId,
        url,
        user,
        password,
        maxOutOfOrderness,
        idleTimeout,
        checkpointInterval,
        checkpointDir,
        flushInterval,
        sinkBatchSize,
        episodeDays,
        retentionDays,
        ears,
        timeliness,
        parallelism);
  }

  public AnalyticsConfig withCheckpoints(Duration interval, Path dir) {
    return new AnalyticsConfig(
        kafkaBootstrap,
        topic,
        groupId,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        maxOutOfOrderness,
        idleTimeout,
        interval,
        dir == null ? null : dir.toUri().toString(),
        flushInterval,
        sinkBatchSize,
        episodeDays,
        retentionDays,
        ears,
        timeliness,
        parallelism);
  }

  public AnalyticsConfig withFlushInterval(Duration flush) {
    return new AnalyticsConfig(
        kafkaBootstrap,
        topic,
        groupId,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        maxOutOfOrderness,
        idleTimeout,
        checkpointInterval,
        checkpointDir,
        flush,
        sinkBatchSize,
        episodeDays,
        retentionDays,
        ears,
        timeliness,
        parallelism);
  }

  public AnalyticsConfig withIdleTimeout(Duration idle) {
    return new AnalyticsConfig(
        kafkaBootstrap,
        topic,
        groupId,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        maxOutOfOrderness,
        idle,
        checkpointInterval,
        checkpointDir,
        flushInterval,
        sinkBatchSize,
        episodeDays,
        retentionDays,
        ears,
        timeliness,
        parallelism);
  }

  public AnalyticsConfig withMaxOutOfOrderness(Duration bound) {
    return new AnalyticsConfig(
        kafkaBootstrap,
        topic,
        groupId,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        bound,
        idleTimeout,
        checkpointInterval,
        checkpointDir,
        flushInterval,
        sinkBatchSize,
        episodeDays,
        retentionDays,
        ears,
        timeliness,
        parallelism);
  }

  public AnalyticsConfig withTimeliness(TimelinessConfig t) {
    return new AnalyticsConfig(
        kafkaBootstrap,
        topic,
        groupId,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        maxOutOfOrderness,
        idleTimeout,
        checkpointInterval,
        checkpointDir,
        flushInterval,
        sinkBatchSize,
        episodeDays,
        retentionDays,
        ears,
        t,
        parallelism);
  }

  /**
   * EARS settings (Hutwagner et al. 2003; Fricker et al. 2008).
   *
   * @param c1Threshold C1 alarms when its statistic exceeds this (default 3)
   * @param c2Threshold C2 alarms above this (default 3)
   * @param c3Threshold C3 alarms above this (default 2)
   * @param minSigma floor on the baseline standard deviation, so sparse series (all-zero baselines)
   *     do not alarm on a single case (default 1.0)
   * @param lookbackDays late counts older than this many days before the newest evaluated day no
   *     longer re-evaluate signals (default 28)
   */
  public record EarsConfig(
      double c1Threshold, double c2Threshold, double c3Threshold, double minSigma, int lookbackDays)
      implements java.io.Serializable {
    public static EarsConfig defaults() {
      return new EarsConfig(3.0, 3.0, 2.0, 1.0, 28);
    }
  }

  /**
   * Timeliness settings.
   *
   * @param onTimeThresholdPct a sender-week whose share of results received within 24 h of the
   *     result is below this percentage raises a late-sender alert (default 80)
   * @param minReports a sender-week needs at least this many results with a result time before it
   *     can alert (default 10)
   */
  public record TimelinessConfig(double onTimeThresholdPct, int minReports)
      implements java.io.Serializable {
    public static TimelinessConfig defaults() {
      return new TimelinessConfig(80.0, 10);
    }
  }
}
