package io.vigil.ingest.intake;

import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.hl7v2.Examination;
import java.nio.charset.Charset;
import java.util.UUID;

/**
 * The outcome of one received message: what was stored and the acknowledgement to send.
 *
 * @param submissionId the stored submission (the original for a duplicate); null when not stored
 * @param ackCode the acknowledgement code
 * @param ackText the ER7 acknowledgement (no MLLP framing)
 * @param charset the charset to encode the acknowledgement with (the message's own)
 * @param stored true when the submission is durably stored (now or before, for a duplicate)
 * @param duplicate true when this was a replay of an already stored (facility, control id)
 * @param sendAck false when MSH-15 asked for no accept acknowledgement in this case
 * @param examination what was learned about the message
 */
public record IntakeResult(
    UUID submissionId,
    AckCode ackCode,
    String ackText,
    Charset charset,
    boolean stored,
    boolean duplicate,
    boolean sendAck,
    Examination examination) {

  public byte[] ackBytes() {
    return ackText.getBytes(charset);
  }
}
