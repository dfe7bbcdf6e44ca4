package io.vigil.ingest.intake;

import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.ack.Acknowledgements;
import io.vigil.ingest.hl7v2.Examination;
import java.nio.charset.Charset;
import java.util.List;
import java.util.UUID;

/**
 * The outcome of one received message: what was stored and the acknowledgement to send.
 *
 * @param submissionId the stored submission (the original for a duplicate); null when not stored
 * @param ackCode the code of the answering acknowledgement ({@link Acknowledgements#response()})
 * @param acks the ER7 acknowledgements (no MLLP framing) and which of them a stream transport sends
 * @param charset the charset to encode the acknowledgement with (the message's own)
 * @param stored true when the submission is durably stored (now or before, for a duplicate)
 * @param duplicate true when this was a replay of an already stored (facility, control id)
 * @param examination what was learned about the message
 * @param retryAfterNanos for a message over its sender's rate limit, how long until it would have
 *     been taken; 0 otherwise
 */
public record IntakeResult(
    UUID submissionId,
    AckCode ackCode,
    Acknowledgements acks,
    Charset charset,
    boolean stored,
    boolean duplicate,
    Examination examination,
    long retryAfterNanos) {

  /** An outcome that was not refused by the rate limit. */
  public IntakeResult(
      UUID submissionId,
      AckCode ackCode,
      Acknowledgements acks,
      Charset charset,
      boolean stored,
      boolean duplicate,
      Examination examination) {
    this(submissionId, ackCode, acks, charset, stored, duplicate, examination, 0);
  }

  /** HTTP {@code Retry-After} for a rate-limited message: its wait in whole seconds, at least 1. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfterNanos + 999_999_999L) / 1_000_000_000L);
  }

  /** The one acknowledgement answering a request/response transport (HTTP). */
  public String ackText() {
    return acks.response();
  }

  public byte[] ackBytes() {
    return ackText().getBytes(charset);
  }

  /** The acknowledgements MSH-15/16 ask for, in order, encoded. */
  public List<byte[]> acksToSend() {
    return acks.toSend().stream().map(a -> a.getBytes(charset)).toList();
  }
}
