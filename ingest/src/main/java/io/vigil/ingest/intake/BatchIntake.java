package io.vigil.ingest.intake;

import io.vigil.ingest.auth.Submitter;
import io.vigil.ingest.hl7v2.Hl7Batch;
import io.vigil.ingest.hl7v2.Hl7Decoder;
import io.vigil.ingest.hl7v2.RawBatch;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several HL7 v2 messages in one HTTP request or one MLLP frame: an FHS/BHS batch, or messages sent
 * back to back without an envelope. Each message is submitted on its own (examined, stored byte for
 * byte, idempotent by its own control id) and the answer is one batch acknowledgement holding each
 * message's acknowledgement in order, so no message of the request goes unanswered and an MLLP
 * sender still gets one frame back for the one it sent.
 */
public final class BatchIntake {
  private static final Logger LOG = LoggerFactory.getLogger(BatchIntake.class);

  private final Hl7v2Intake intake;
  private final Clock clock;

  /** Submits through {@code intake}; {@code clock} stamps the batch header (BHS-7). */
  public BatchIntake(Hl7v2Intake intake, Clock clock) {
    this.intake = intake;
    this.clock = clock;
  }

  /**
   * The outcome of a batch.
   *
   * @param messages each message's result, in the batch's order
   * @param ackText the batch acknowledgement ({@code [FHS] BHS <ACK…> BTS [FTS]})
   * @param charset the charset to encode {@code ackText} in (the first message's)
   * @param warning what is wrong with the batch as a whole (its trailer declares another message
   *     count than was received), empty when nothing; also in the acknowledgement's BTS-2
   */
  public record Result(
      List<IntakeResult> messages, String ackText, Charset charset, Optional<String> warning) {

    /** Whether every message of the batch was committed. */
    public boolean allStored() {
      return messages.stream().allMatch(IntakeResult::stored);
    }

    /** The acknowledgement as bytes in {@link #charset}. */
    public byte[] ackBytes() {
      return ackText.getBytes(charset);
    }
  }

  /**
   * Whether {@code batch} is answered as a batch: it has an envelope (an empty one too: HL7 allows
   * a batch of no messages, sent where a file is due every period) or more than one message.
   */
  public static boolean isSeveral(RawBatch batch) {
    return batch.batch() || batch.messages().size() > 1;
  }

  /**
   * The batch acknowledgement of {@code batch}: its messages' acknowledgements {@code acks} in an
   * envelope answering the sender's (or one built from the first message's header), BTS-2 saying
   * what {@link #warning} finds. The hub's intakes and {@code vigil check --ack} render it so.
   */
  public static String ack(RawBatch batch, List<String> acks, String controlId, Clock clock) {
    Hl7Batch.BatchHeader header =
        batch.batch()
            ? Hl7Batch.readHeader(batch.fileHeader() + "\r" + batch.batchHeader())
                .orElseThrow(() -> new IllegalStateException("batch without header"))
            : Hl7Batch.impliedHeader(Hl7Decoder.decode(batch.messages().get(0)).text());
    return Hl7Batch.renderAck(header, acks, controlId, clock, warning(batch).orElse(""));
  }

  /**
   * What is wrong with {@code batch} as a whole, for BTS-2: its trailers declare another message
   * count than arrived (a lost part: every message that did arrive is answered on its own), or no
   * trailer follows its last message (the file may have been cut, the last message with it).
   */
  public static Optional<String> warning(RawBatch batch) {
    if (batch.countMismatch()) {
      return Optional.of(
          "BTS-1 declares "
              + batch.declaredCount()
              + " messages but "
              + batch.messages().size()
              + " were received; send the missing ones again");
    }
    if (!batch.trailed()) {
      return Optional.of(
          "The batch has no trailer (BTS) after its last message: the file may have been cut;"
              + " check that the last message arrived whole");
    }
    return Optional.empty();
  }

  /** Submits every message of {@code batch} and renders the batch acknowledgement. */
  public CompletableFuture<Result> submit(
      RawBatch batch, String transport, long receivedNanos, Submitter submitter) {
    List<CompletableFuture<IntakeResult>> futures = new ArrayList<>(batch.messages().size());
    for (byte[] message : batch.messages()) {
      futures.add(intake.submitPaced(message, transport, receivedNanos, submitter));
    }
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<IntakeResult> results = futures.stream().map(CompletableFuture::join).toList();
              List<String> acks = results.stream().map(IntakeResult::ackText).toList();
              if (results.isEmpty()) {
                LOG.info(
                    "empty batch received [declared: {}, transport: {}]",
                    batch.declaredCount(),
                    transport);
              }
              Optional<String> warning = warning(batch);
              warning.ifPresent(
                  w ->
                      LOG.warn(
                          "batch not whole [messages: {}, declared: {}, trailer: {}, transport:"
                              + " {}]",
                          batch.messages().size(),
                          batch.declaredCount(),
                          batch.trailed(),
                          transport));
              String text = ack(batch, acks, SubmissionIds.controlId(SubmissionIds.next()), clock);
              return new Result(
                  results,
                  text,
                  results.isEmpty() ? StandardCharsets.UTF_8 : results.get(0).charset(),
                  warning);
            });
  }
}
