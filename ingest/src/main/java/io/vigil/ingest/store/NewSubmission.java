package io.vigil.ingest.store;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.ReferenceInstants;
import io.vigil.ingest.validation.Finding;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A submission ready to be stored, with the acknowledgement that will be sent if the store commits.
 * Its text fields are made {@linkplain StorableText storable}: a NUL becomes U+FFFD, and a facility
 * or control id longer than {@link StorableText#MAX_KEY_BYTES} leaves it without a control id (and
 * the facility empty, when that is the long one).
 *
 * @param id time-ordered id
 * @param facilityId sending facility as sent ({@code ""} when unreadable)
 * @param senderId registered sender, or null when unknown
 * @param transport {@code mllp} or {@code http}
 * @param format {@code hl7v2} or {@code fhir}
 * @param messageType e.g. {@code ORU^R01}
 * @param controlId MSH-10, null when missing
 * @param receivedAt when the last byte arrived
 * @param payload the exact bytes received
 * @param payloadSha256 SHA-256 of {@code payload}
 * @param charset charset the payload was decoded with
 * @param disposition examination outcome
 * @param ackCode acknowledgement code sent once committed
 * @param findings validation findings
 * @param ackMessage the acknowledgement text sent once committed (replayed for duplicates)
 * @param references timeliness reference instants, committed to in the log leaf
 * @param events de-identified events of an accepted submission, written to the outbox in the same
 *     transaction (empty for anything not accepted)
 */
public record NewSubmission(
    UUID id,
    String facilityId,
    Long senderId,
    String transport,
    String format,
    String messageType,
    String controlId,
    Instant receivedAt,
    byte[] payload,
    byte[] payloadSha256,
    String charset,
    Disposition disposition,
    AckCode ackCode,
    List<Finding> findings,
    String ackMessage,
    ReferenceInstants references,
    List<DeidentifiedEvent> events) {

  public NewSubmission {
    // Text columns cannot hold NUL; the payload column keeps the exact bytes. An identifier too
    // long to index leaves the submission without an idempotency key (the examination rejects
    // it; this only keeps such a message storable whatever path it came by).
    if (!StorableText.fitsKey(facilityId)
        || controlId != null && !StorableText.fitsKey(controlId)) {
      facilityId = StorableText.fitsKey(facilityId) ? facilityId : "";
      controlId = null;
    }
    facilityId = StorableText.of(facilityId);
    messageType = StorableText.of(messageType);
    controlId = StorableText.of(controlId);
    charset = StorableText.of(charset);
    ackMessage = StorableText.of(ackMessage);
    events = List.copyOf(events);
  }

  /**
   * This submission kept for audit only, under a new id: refused, without its control id (so it
   * never stands in for the message that holds that id), without timeliness references or events.
   */
  public NewSubmission forAuditOnly(
      UUID auditId, AckCode code, List<Finding> auditFindings, String answer) {
    return new NewSubmission(
        auditId,
        facilityId,
        senderId,
        transport,
        format,
        messageType,
        null,
        receivedAt,
        payload,
        payloadSha256,
        charset,
        Disposition.REJECT,
        code,
        auditFindings,
        answer,
        ReferenceInstants.NONE,
        List.of());
  }
}
