package io.vigil.analytics.timeliness;

/**
 * One row of table {@code timeliness_alert}: a sender-week whose on-time share (received within 24
 * h of the result, over all conditions) is or was below the threshold.
 *
 * @param senderId sender
 * @param weekStart Sunday of the MMWR week (epoch day)
 * @param withResulted reports with a result time
 * @param onTimePct on-time share, 0–100
 * @param threshold the threshold in force
 * @param active true while the share is below the threshold (late reports can clear it)
 */
public record TimelinessAlert(
    String senderId,
    long weekStart,
    long withResulted,
    double onTimePct,
    double threshold,
    boolean active) {}
