package io.vigil.analytics.sink;

import io.vigil.analytics.signals.SignalRow;
import io.vigil.analytics.timeliness.TimelinessAlert;
import io.vigil.analytics.timeliness.TimelinessRow;
import io.vigil.analytics.trends.Cell;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the job writes: one sink per table. {@link JdbcUpserts#sinks} builds the PostgreSQL ones;
 * tests can pass others.
 *
 * @param trendDaily {@code trend_daily} cells (totals)
 * @param trendWeekly {@code trend_weekly} cells
 * @param doseWeekly {@code dose_weekly} cells
 * @param signals {@code signal} rows
 * @param timeliness {@code timeliness_weekly} rows
 * @param alerts {@code timeliness_alert} rows
 */
public record AnalyticsSinks(
    Sink<Cell> trendDaily,
    Sink<Cell> trendWeekly,
    Sink<Cell> doseWeekly,
    Sink<SignalRow> signals,
    Sink<TimelinessRow> timeliness,
    Sink<TimelinessAlert> alerts) {}
