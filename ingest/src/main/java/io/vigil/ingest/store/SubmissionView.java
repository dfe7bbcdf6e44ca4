package io.vigil.ingest.store;

import io.vigil.ingest.validation.Finding;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A stored submission as the API shows it: metadata and findings, never the payload. */
public record SubmissionView(
    UUID id,
    String facilityId,
    String transport,
    String format,
    String messageType,
    String controlId,
    Instant receivedAt,
    String payloadSha256,
    String disposition,
    String ackCode,
    List<Finding> findings) {}
