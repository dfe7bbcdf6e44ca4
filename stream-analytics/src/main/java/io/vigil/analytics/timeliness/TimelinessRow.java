package io.vigil.analytics.timeliness;

/**
 * One row of table {@code timeliness_weekly}. Lags in minutes; percentages 0–100, null when their
 * denominator is zero. Denominators: {@code pctReceived24hAfterResult} over reports with a result
 * time; {@code pctCollected*} over reports with a collection time; {@code pctMissing*} over all
 * reports.
 *
 * @param senderId sender
 * @param condition condition code or {@code ""}
 * @param weekStart Sunday of the MMWR week of the received day (epoch day)
 * @param reports lab results received in the week
 * @param collectedP50 median collected → received minutes
 * @param collectedP90 90th percentile collected → received minutes
 * @param resultedP50 median resulted → received minutes
 * @param resultedP90 90th percentile resulted → received minutes
 * @param pctReceived24hAfterResult share received within 24 h of the result
 * @param pctCollected1d share received within 1 day of collection
 * @param pctCollected3d within 3 days
 * @param pctCollected7d within 7 days
 * @param pctMissingCollected share without a collection time
 * @param pctMissingResulted share without a result time
 * @param pctMissingCreated share without a message creation time
 * @param resultsBeforeCollection results whose result time precedes the collection time
 * @param withResulted reports with a result time (denominator of the on-time share)
 * @param onTime reports received within 24 h of the result
 */
public record TimelinessRow(
    String senderId,
    String condition,
    long weekStart,
    long reports,
    Long collectedP50,
    Long collectedP90,
    Long resultedP50,
    Long resultedP90,
    Double pctReceived24hAfterResult,
    Double pctCollected1d,
    Double pctCollected3d,
    Double pctCollected7d,
    Double pctMissingCollected,
    Double pctMissingResulted,
    Double pctMissingCreated,
    long resultsBeforeCollection,
    long withResulted,
    long onTime) {}
