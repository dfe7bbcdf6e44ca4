package io.vigil.analytics.job;

import io.vigil.analytics.cases.EpisodeDeduplicator;
import io.vigil.analytics.cases.LabCount;
import io.vigil.analytics.cases.ResultVersions;
import io.vigil.analytics.doses.DoseRecords;
import io.vigil.analytics.doses.DoseSupport;
import io.vigil.analytics.signals.EarsDetector;
import io.vigil.analytics.sink.AnalyticsSinks;
import io.vigil.analytics.timeliness.LateSenderDetector;
import io.vigil.analytics.timeliness.TimelinessAggregator;
import io.vigil.analytics.timeliness.TimelinessRow;
import io.vigil.analytics.trends.Cell;
import io.vigil.analytics.trends.CellAggregator;
import io.vigil.analytics.trends.LocalCellSums;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The analytics job graph: de-identified events → the latest version of each lab result → episode
 * de-duplication → trend, dose and timeliness cells (keyed running totals, emitted debounced as
 * absolute totals) → EARS signals and late-sender alerts → idempotent upserts. Takes its input and
 * sinks in the constructor so tests run the same graph with other ones. Every operator has a stable
 * uid (savepoint compatibility).
 */
public final class AnalyticsJob {
  /** Job name shown in the Flink UI. */
  public static final String NAME = "vigil-analytics";

  /** Days kept in the de-duplication state beyond the episode window (late reports). */
  static final int EPISODE_MARGIN_DAYS = 30;

  /**
   * Distinct cells summed locally before they are sent to the keyed totals early (the sums are
   * otherwise sent every half flush interval, so a count waits at most that much longer).
   */
  static final int LOCAL_SUM_MAX_CELLS = 10_000;

  private final EventInput input;
  private final AnalyticsSinks sinks;
  private final AnalyticsConfig config;

  public AnalyticsJob(EventInput input, AnalyticsSinks sinks, AnalyticsConfig config) {
    this.input = input;
    this.sinks = sinks;
    this.config = config;
  }

  /** Flink configuration for this job: checkpointing, restarts, no Kryo fallback, parallelism. */
  public static Configuration flinkConfiguration(AnalyticsConfig config) {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        org.apache.flink.configuration.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
    if (config.checkpointDir() != null) {
      conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir());
    }
    conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.NO_CLAIM);
    // A failing task (a sink while PostgreSQL refuses writes) restarts the job from its last
    // checkpoint, forever, at most MAX_RESTART_BACKOFF apart: the trends catch up within that
    // much of the database's return.
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
        Duration.ofSeconds(1));
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, MAX_RESTART_BACKOFF);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
    // Every type has explicit Flink serializers; fail instead of silently falling back to Kryo.
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    // No defensive copies between chained operators. Safe here: no operator keeps a reference to
    // an input record (state holds copies or new objects), and a cell total buffered in the sink
    // that its aggregator later mutates is still that cell's absolute total, only newer.
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    conf.set(PipelineOptions.NAME, NAME);
    conf.set(org.apache.flink.configuration.CoreOptions.DEFAULT_PARALLELISM, config.parallelism());
    return conf;
  }

  /** The longest wait between two restarts of the failing job. */
  static final Duration MAX_RESTART_BACKOFF = Duration.ofSeconds(10);

  /** How long event ids are remembered to drop the relay's at-least-once repeats. */
  static final Duration DEDUP_MEMORY = Duration.ofDays(14);

  static WatermarkStrategy<Report> watermarks(AnalyticsConfig config) {
    return WatermarkStrategy.<Report>forBoundedOutOfOrderness(config.maxOutOfOrderness())
        .withTimestampAssigner(new EventDay())
        .withIdleness(config.idleTimeout());
  }

  /** Adds the graph to {@code env}. */
  public void build(StreamExecutionEnvironment env) {
    Duration retention = Duration.ofDays(config.retentionDays());
    Horizon horizon = Horizon.ofRetention(config.retentionDays());
    Duration flush = config.flushInterval();
    DataStream<Report> events =
        input
            .open(env, watermarks(config))
            .keyBy(new DuplicateEventFilter.ByEventId())
            .process(new DuplicateEventFilter(DEDUP_MEMORY))
            .name("event de-duplication")
            .uid("event-dedup");

    DataStream<Report> labs =
        events.filter(new Routing.IsLab()).name("lab results").uid("lab-results");
    SingleOutputStreamOperator<Report> latest =
        events
            .filter(new Routing.IsLabOrRetraction())
            .name("lab results and withdrawals")
            .uid("lab-versions-input-filter")
            .filter(new Horizon.Filter(horizon))
            .name("lab results inside the horizon")
            .uid("lab-horizon")
            .map(new Routing.ForEpisodes())
            .name("episode input")
            .uid("episode-input")
            .keyBy(new Report.ByResultKey())
            .process(new ResultVersions(retention, horizon))
            .name("result versions")
            .uid("result-versions");
    DataStream<LabCount> counts =
        latest
            .keyBy(new Routing.ByPersonCondition())
            .process(new EpisodeDeduplicator(config.episodeDays(), EPISODE_MARGIN_DAYS))
            .name("episode de-duplication")
            .uid("episode-dedup");

    DataStream<Cell> trends =
        counts
            .union(latest.getSideOutput(ResultVersions.RETRACTIONS))
            .transform(
                "trend cells",
                Types.POJO(Cell.class),
                new LocalCellSums(flush.toMillis() / 2, LOCAL_SUM_MAX_CELLS))
            .uid("trend-cells")
            .keyBy(new CellAggregator.ByKey())
            .process(new CellAggregator(flush, retention))
            .name("trend totals")
            .uid("trend-totals");
    trends
        .filter(new Routing.Granularity(Cell.DAY))
        .name("daily")
        .uid("trend-daily-filter")
        .sinkTo(sinks.trendDaily())
        .name("trend_daily upserts")
        .uid("trend-daily-sink");
    trends
        .filter(new Routing.Granularity(Cell.WEEK))
        .name("weekly")
        .uid("trend-weekly-filter")
        .sinkTo(sinks.trendWeekly())
        .name("trend_weekly upserts")
        .uid("trend-weekly-sink");

    events
        .filter(new Routing.IsDose())
        .name("doses")
        .uid("doses")
        .filter(new Horizon.Filter(horizon))
        .name("doses inside the horizon")
        .uid("dose-horizon")
        .map(new Routing.ForDoses())
        .name("dose records input")
        .uid("dose-records-input")
        .keyBy(new Report.ByResultKey())
        .process(new DoseRecords(retention, horizon))
        .name("dose record versions")
        .uid("dose-records")
        .keyBy(new DoseSupport.ByDose())
        .process(new DoseSupport(retention))
        .name("dose support")
        .uid("dose-support")
        .map(new Routing.DoseCell())
        .name("dose cells")
        .uid("dose-cells")
        .keyBy(new CellAggregator.ByKey())
        .process(new CellAggregator(flush, retention))
        .name("dose totals")
        .uid("dose-totals")
        .sinkTo(sinks.doseWeekly())
        .name("dose_weekly upserts")
        .uid("dose-weekly-sink");

    counts
        .filter(new Routing.ChangesCases())
        .name("case changes")
        .uid("case-changes")
        .keyBy(new EarsDetector.BySeries())
        .process(new EarsDetector(config.ears(), flush.toMillis()))
        .name("EARS C1/C2/C3")
        .uid("ears")
        .sinkTo(sinks.signals())
        .name("signal upserts")
        .uid("signal-sink");

    DataStream<TimelinessRow> timeliness =
        labs.map(new Routing.ForTimeliness())
            .name("timeliness input")
            .uid("timeliness-input")
            .keyBy(new TimelinessAggregator.ByCell())
            .process(new TimelinessAggregator(flush, retention))
            .name("timeliness")
            .uid("timeliness");
    timeliness.sinkTo(sinks.timeliness()).name("timeliness_weekly upserts").uid("timeliness-sink");
    timeliness
        .keyBy(new LateSenderDetector.BySenderWeek())
        .process(new LateSenderDetector(config.timeliness(), retention))
        .name("late senders")
        .uid("late-senders")
        .sinkTo(sinks.alerts())
        .name("timeliness_alert upserts")
        .uid("alert-sink");
  }

  /** Event time of an event: the start of its event day, UTC. */
  static final class EventDay implements SerializableTimestampAssigner<Report> {
    private static final long serialVersionUID = 1L;

    @Override
    public long extractTimestamp(Report event, long recordTimestamp) {
      return event.eventDay * 86_400_000L;
    }
  }
}
