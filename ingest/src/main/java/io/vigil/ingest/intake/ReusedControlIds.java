package io.vigil.ingest.intake;

import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.ack.AckWriter;
import io.vigil.ingest.ack.Acknowledgements;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.Resend;
import io.vigil.ingest.store.NewSubmission;
import io.vigil.ingest.store.StoreOutcome;
import io.vigil.ingest.store.SubmissionStore;
import io.vigil.ingest.validation.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages that reuse a stored message's sending facility and MSH-10 without being a resend of it
 * ({@link Resend}): a corrected result under the old id, or two results a sender numbered alike.
 * Answering such a message with the stored one's acknowledgement would tell the sender it was taken
 * while its content was dropped. It is stored for audit without the control id instead (nothing is
 * lost, and the id stays the original's) and answered {@code AE} with HL7 0357 code 205, "duplicate
 * key identifier": send it with a new MSH-10. Not {@code AR}: that asks for the same message again
 * (v2.5.1 §2.9.2), and an engine that resends on AR would loop; {@code AE} is "do not resend
 * without correction", the correction being a new MSH-10.
 */
final class ReusedControlIds {
  private static final Logger LOG = LoggerFactory.getLogger(ReusedControlIds.class);

  private final AckWriter ackWriter;
  private final SubmissionStore store;
  private final IngestMetrics metrics;
  private final Executor cpu;

  ReusedControlIds(
      AckWriter ackWriter, SubmissionStore store, IngestMetrics metrics, Executor cpu) {
    this.ackWriter = ackWriter;
    this.store = store;
    this.metrics = metrics;
    this.cpu = cpu;
  }

  /** True when a duplicate is another message (on a CPU thread, not the store's writer). */
  CompletableFuture<Boolean> isAnotherMessage(StoreOutcome outcome, NewSubmission submission) {
    return outcome.isAnotherMessage(submission.payload(), Resend::isResendOf, cpu);
  }

  /**
   * Stores the message for audit only, without its control id, and answers why. The answer is
   * rendered on a CPU thread: the caller may be the store's writer.
   */
  CompletableFuture<IntakeResult> refuse(
      Examination exam, NewSubmission s, StoreOutcome original, String transport) {
    return CompletableFuture.supplyAsync(() -> refusal(exam, s, original, transport), cpu)
        .thenCompose(r -> store.store(r.audit()).thenApply(o -> r.result(o.submissionId())));
  }

  /** The audit copy to store and, once it is stored under an id, the answer. */
  private record Refusal(
      NewSubmission audit, AckCode code, Acknowledgements acks, Examination exam) {
    IntakeResult result(UUID submissionId) {
      return new IntakeResult(
          submissionId, code, acks, exam.decoded().charset(), true, false, exam);
    }
  }

  private Refusal refusal(
      Examination exam, NewSubmission s, StoreOutcome original, String transport) {
    Finding reused =
        Finding.error(
            "MSH10_REUSED",
            205,
            "MSH-10",
            "MSH-10 was already used by this sending facility for a different message (submission "
                + original.submissionId()
                + "); this one was stored for audit only: send it with a new MSH-10");
    metrics.finding(reused);
    exam.findings().forEach(metrics::finding);
    List<Finding> findings = new ArrayList<>(exam.findings().size() + 1);
    findings.add(reused);
    findings.addAll(exam.findings());
    UUID id = SubmissionIds.next();
    Acknowledgements acks =
        ackWriter.acknowledgements(
            exam.header(),
            Disposition.ERROR,
            true,
            findings,
            SubmissionIds.controlId(id),
            () -> SubmissionIds.controlId(SubmissionIds.next()));
    AckCode code = acks.responseCode(AckCode.AE);
    NewSubmission audit = s.forAuditOnly(id, code, findings, acks.stored());
    // Facility ids name labs, submission ids are the hub's: no patient data.
    LOG.warn(
        "control id reused for a different message, stored for audit only [facility: {},"
            + " original: {}, submission: {}, transport: {}]",
        s.facilityId(),
        original.submissionId(),
        id,
        transport);
    // Answered as a content error (the HTTP status follows); stored as a reject, for audit only.
    Examination refused =
        new Examination(
            exam.decoded(), exam.header(), exam.messageType(), Disposition.ERROR, findings);
    return new Refusal(audit, code, acks, refused);
  }
}
