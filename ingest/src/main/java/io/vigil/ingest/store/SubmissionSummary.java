package io.vigil.ingest.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored submission as a list shows it: who sent what when, how it was acknowledged and where it
 * sits in the submission log. No payload, no findings.
 *
 * @param leafIndex the submission's leaf in the log; null when it has none
 */
public record SubmissionSummary(
    UUID id,
    String facilityId,
    String transport,
    String format,
    String messageType,
    String controlId,
    Instant receivedAt,
    String disposition,
    String ackCode,
    Long leafIndex) {}
