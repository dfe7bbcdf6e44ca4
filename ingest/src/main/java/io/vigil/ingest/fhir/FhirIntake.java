package io.vigil.ingest.fhir;

import io.vigil.anchoring.merkle.MerkleHash;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.canonical.CanonicalReport;
import io.vigil.ingest.canonical.LabResult;
import io.vigil.ingest.canonical.ReferenceInstant;
import io.vigil.ingest.deid.Deidentifier;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.ReferenceInstants;
import io.vigil.ingest.intake.ExaminationWarmUp;
import io.vigil.ingest.intake.IngestMetrics;
import io.vigil.ingest.intake.SubmissionIds;
import io.vigil.ingest.sender.LoggableText;
import io.vigil.ingest.sender.SenderRegistry;
import io.vigil.ingest.store.NewSubmission;
import io.vigil.ingest.store.StoreOutcome;
import io.vigil.ingest.store.SubmissionStore;
import io.vigil.ingest.validation.Finding;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable path for one FHIR R4 submission, on the same store as HL7 v2: examine (parse,
 * validate, map), identify and authorize the sender, store the exact bytes with the answer in a
 * group commit, and only then answer. Every examined body is stored for audit, accepted or not
 * (format {@code fhir}); a replay of the same (facility, Bundle.identifier) returns the original
 * answer and stores nothing. Nothing is answered 2xx before its commit.
 */
public final class FhirIntake {
  private static final Logger LOG = LoggerFactory.getLogger(FhirIntake.class);
  private static final String TRANSPORT = "http";

  private final FhirExaminer examiner;
  private final SenderRegistry senders;
  private final SubmissionStore store;
  private final IngestMetrics metrics;
  private final Executor cpu;
  private final Clock clock;
  private final String base;
  private final Deidentifier deid;

  /**
   * @param base the hub's FHIR base URL as named in response messages' {@code source.endpoint}
   */
  public FhirIntake(
      FhirExaminer examiner,
      SenderRegistry senders,
      SubmissionStore store,
      IngestMetrics metrics,
      Executor cpu,
      Clock clock,
      String base,
      Deidentifier deid) {
    this.examiner = examiner;
    this.senders = senders;
    this.store = store;
    this.metrics = metrics;
    this.cpu = cpu;
    this.clock = clock;
    this.base = base;
    this.deid = deid;
  }

  /**
   * Processes one body. The future never fails: storage problems become a 503 answer.
   *
   * @param raw the exact bytes received
   * @param operation what the client asked for
   * @param authenticatedSenderId the sender the request authenticated as; empty when the hub does
   *     not authenticate (the sender is then resolved from the Bundle, as for HL7 v2)
   * @param receivedNanos {@link System#nanoTime()} when the body had arrived
   */
  public CompletableFuture<FhirResult> submit(
      byte[] raw,
      FhirOperation operation,
      Optional<Long> authenticatedSenderId,
      long receivedNanos) {
    Instant receivedAt = clock.instant();
    return CompletableFuture.supplyAsync(
            () -> prepare(raw, operation, authenticatedSenderId, receivedAt), cpu)
        .thenCompose(p -> p.result != null ? CompletableFuture.completedFuture(p.result) : store(p))
        .thenApply(
            r -> {
              metrics.acknowledged(
                  TRANSPORT,
                  r.examination().messageType(),
                  r.ackCode(),
                  Duration.ofNanos(System.nanoTime() - receivedNanos));
              return r;
            });
  }

  /**
   * An examined submission ready to store, with its canonical report when accepted (the input of
   * de-identification); {@code result} is set when it will not be stored.
   */
  private record Prepared(
      FhirExamination exam,
      NewSubmission submission,
      Optional<CanonicalReport> report,
      FhirResult result) {}

  private Prepared prepare(
      byte[] raw, FhirOperation operation, Optional<Long> authenticated, Instant receivedAt) {
    String credentialsFacility;
    try {
      credentialsFacility =
          authenticated.isPresent() ? senders.facilityOf(authenticated.get()).orElse("") : "";
    } catch (SQLException e) {
      LOG.warn("sender lookup failed [format: fhir, sqlState: {}]", e.getSQLState());
      FhirExamination exam = examiner.examine(raw, operation);
      return new Prepared(exam, null, Optional.empty(), notStored(exam));
    }
    FhirExamination exam = examiner.examine(raw, operation, credentialsFacility);
    metrics.received(TRANSPORT, exam.messageType());
    exam.findings().forEach(metrics::finding);
    String facility = exam.facilityId();
    Long senderId;
    boolean credentialsDisabled;
    try {
      senderId = facility.isEmpty() ? null : senders.resolve(facility).orElse(null);
      credentialsDisabled =
          senderId == null && authenticated.isPresent() && senders.isDisabled(authenticated.get());
    } catch (SQLException e) {
      LOG.warn("sender lookup failed [format: fhir, sqlState: {}]", e.getSQLState());
      return new Prepared(exam, null, Optional.empty(), notStored(exam));
    }
    exam = authorize(exam, senderId, authenticated, credentialsDisabled);
    if (senderId != null) {
      FhirExamination told = toldIfNotCounted(exam, deid);
      told.findings().stream().skip(exam.findings().size()).forEach(metrics::finding);
      exam = told;
    }
    if (authenticated.isPresent()) {
      senderId = authenticated.get();
    }
    UUID id = SubmissionIds.next();
    AckCode code = FhirResponses.ackCode(exam.disposition());
    String body = FhirResponses.render(exam, code, id, clock.instant(), base);
    Optional<CanonicalReport> report = exam.report();
    NewSubmission submission =
        new NewSubmission(
            id,
            facility,
            senderId,
            TRANSPORT,
            "fhir",
            exam.messageType(),
            exam.controlId(),
            receivedAt,
            raw,
            MerkleHash.sha256(raw).bytes(), // the leaf's payload hash
            "UTF-8",
            exam.disposition(),
            code,
            exam.findings(),
            body,
            report.map(FhirIntake::references).orElse(ReferenceInstants.NONE),
            exam.disposition() == Disposition.ACCEPT && senderId != null && report.isPresent()
                ? deid.events(report.get(), senderId, id, receivedAt)
                : List.of());
    return new Prepared(exam, submission, report, null);
  }

  /**
   * The sender check: an unknown or disabled facility is refused (as for HL7 v2); an authenticated
   * request may only submit for its own facility. Refused submissions keep no idempotency key, so
   * they can never stand in for the real facility's Bundle.
   */
  private static FhirExamination authorize(
      FhirExamination exam,
      Long senderId,
      Optional<Long> authenticated,
      boolean credentialsDisabled) {
    List<Finding> findings = new ArrayList<>(exam.findings());
    if (credentialsDisabled) {
      // The token still verifies, but the operators revoked its sender: say so, rather than
      // that it claimed another's facility.
      findings.add(
          0,
          Finding.error(
              "SENDER_DISABLED",
              204,
              "Bundle.entry[0].resource.sender",
              "This client's sender is disabled at this hub. Ask the hub's operators to enable"
                  + " it, then send the same Bundle again"));
      LOG.warn(
          "FHIR submission of a disabled sender refused [facility: {}]",
          LoggableText.of(exam.facilityId()));
      return exam.with(Disposition.REJECT, findings, null);
    }
    if (authenticated.isPresent() && !Objects.equals(authenticated.get(), senderId)) {
      findings.add(
          0,
          Finding.error(
              "SENDER_FORBIDDEN",
              204,
              "Bundle.entry[0].resource.sender",
              "The Bundle's sending facility is not one this client may submit for"));
      LOG.warn(
          "FHIR submission for another facility refused [facility: {}]",
          LoggableText.of(exam.facilityId()));
      return exam.with(Disposition.REJECT, findings, null);
    }
    if (senderId == null
        && !exam.facilityId().isEmpty()
        && exam.disposition() != Disposition.REJECT) {
      findings.add(
          0,
          Finding.error(
              "SENDER_UNKNOWN",
              204,
              "Bundle.entry[0].resource.sender",
              "Sending facility is not registered with this hub or is disabled; once it is"
                  + " registered, send the same Bundle again"));
      LOG.warn(
          "unknown sender refused [facility: {}, format: fhir]",
          LoggableText.of(exam.facilityId()));
      return exam.with(Disposition.REJECT, findings, null);
    }
    return exam;
  }

  /**
   * A Bundle tagged as a test (v2-0103 {@code T}/{@code D}, {@code HTEST}) is stored, anchored and
   * acknowledged like any other; where the hub does not count it in the trends, the sender is told
   * so.
   */
  public static FhirExamination toldIfNotCounted(FhirExamination exam, Deidentifier deid) {
    Optional<Finding> uncounted =
        exam.disposition() != Disposition.ACCEPT
            ? Optional.empty()
            : exam.report()
                .filter(r -> !deid.counts(r))
                .map(
                    r ->
                        Finding.info(
                            "PROCESSING_ID_NOT_COUNTED",
                            0,
                            exam.bundle()
                                .flatMap(ProcessingTag::find)
                                .map(ProcessingTag.Found::location)
                                .orElse("Bundle.meta.tag"),
                            deid.whyNotCounted(r)));
    if (uncounted.isEmpty()) {
      return exam;
    }
    List<Finding> findings = new ArrayList<>(exam.findings());
    findings.add(uncounted.get());
    return exam.with(exam.disposition(), findings, exam.controlId());
  }

  private CompletableFuture<FhirResult> store(Prepared p) {
    NewSubmission s = p.submission;
    return store
        .store(s)
        .thenCompose(
            o ->
                o.isAnotherMessage(s.payload(), BundleResend::isResendOf, cpu)
                    .thenCompose(
                        another ->
                            another
                                ? refuseReused(p, o)
                                : CompletableFuture.completedFuture(answer(p, o))))
        .exceptionally(
            e -> {
              Throwable cause = e instanceof CompletionException ? e.getCause() : e;
              // DEBUG: under an outage this is every message; WriteOutage logs the outage once.
              LOG.debug(
                  "submission not stored [id: {}, format: fhir, reason: {}]",
                  s.id(),
                  cause.getMessage());
              return notStored(p.exam);
            });
  }

  /** The answer to a Bundle just stored, or to a resend of a stored one: the original answer. */
  private FhirResult answer(Prepared p, StoreOutcome o) {
    if (o.duplicate()) {
      metrics.duplicate(TRANSPORT);
      LOG.debug("duplicate submission [original: {}, format: fhir]", o.submissionId());
      int status = FhirResponses.storedStatus(p.exam.operation(), o.ackMessage());
      AckCode code = status < 300 ? AckCode.AA : status == 422 ? AckCode.AE : AckCode.AR;
      return new FhirResult(o.submissionId(), status, o.ackMessage(), code, true, true, p.exam);
    }
    NewSubmission s = p.submission;
    return new FhirResult(
        o.submissionId(),
        FhirResponses.status(p.exam.operation(), s.ackCode(), s.findings()),
        o.ackMessage(),
        s.ackCode(),
        true,
        false,
        p.exam);
  }

  /**
   * Another Bundle under a used (facility, identifier): answering it with the stored Bundle's
   * answer would drop its content while telling the sender it was taken. It is stored for audit
   * without the identifier and refused (HL7 0357 code 205, FHIR issue type {@code duplicate}).
   */
  private CompletableFuture<FhirResult> refuseReused(Prepared p, StoreOutcome original) {
    NewSubmission s = p.submission;
    Finding reused =
        Finding.error(
            "BUNDLE_IDENTIFIER_REUSED",
            205,
            "Bundle.identifier",
            "Bundle.identifier was already used by this sending facility for a different Bundle"
                + " (submission "
                + original.submissionId()
                + "); this one was stored for audit only: send it with a new identifier");
    metrics.finding(reused);
    List<Finding> findings = new ArrayList<>(p.exam.findings().size() + 1);
    findings.add(reused);
    findings.addAll(p.exam.findings());
    FhirExamination refused = p.exam.with(Disposition.REJECT, findings, null);
    UUID id = SubmissionIds.next();
    String body = FhirResponses.render(refused, AckCode.AR, id, clock.instant(), base);
    NewSubmission audit = s.forAuditOnly(id, AckCode.AR, findings, body);
    LOG.warn(
        "Bundle identifier reused for a different Bundle, stored for audit only [facility: {},"
            + " original: {}, submission: {}]",
        s.facilityId(),
        original.submissionId(),
        id);
    return store
        .store(audit)
        .thenApply(
            o ->
                new FhirResult(
                    o.submissionId(),
                    FhirResponses.status(refused.operation(), AckCode.AR, findings),
                    body,
                    AckCode.AR,
                    true,
                    false,
                    refused));
  }

  private FhirResult notStored(FhirExamination exam) {
    metrics.notStored(TRANSPORT);
    return new FhirResult(
        null,
        503,
        FhirResponses.renderNotStored(exam, clock.instant(), base),
        AckCode.AR,
        false,
        false,
        exam);
  }

  /** Answers a body over the size cap: not buffered, not stored. */
  public FhirResult rejectOversized(FhirOperation operation, long length) {
    metrics.oversized(TRANSPORT);
    FhirExamination exam =
        new FhirExamination(
            operation,
            Optional.empty(),
            "",
            "",
            null,
            Disposition.REJECT,
            List.of(
                Finding.error(
                    "MESSAGE_TOO_LARGE",
                    207,
                    "",
                    "Body of " + length + " bytes exceeds this hub's size limit; not stored")),
            Optional.empty());
    return new FhirResult(
        null,
        413,
        FhirResponses.outcome(413, "MESSAGE_TOO_LARGE", exam.findings().get(0).message()),
        AckCode.AR,
        false,
        false,
        exam);
  }

  /** Runs examination on the CPU threads with a bundled sample before traffic arrives. */
  public void warmUp(int bundlesPerThread, int threads) {
    ExaminationWarmUp.run(
        "FHIR",
        "/io/vigil/ingest/fhir-warmup-bundle.json",
        sample -> examiner.examine(sample, FhirOperation.PROCESS_MESSAGE),
        cpu,
        bundlesPerThread,
        threads);
  }

  /**
   * The timeliness instants committed to in the log leaf: the first lab result's, and the message's
   * creation ({@code MessageHeader}/{@code Bundle.timestamp}).
   */
  static ReferenceInstants references(CanonicalReport report) {
    Optional<LabResult> first =
        report.patients().stream().flatMap(p -> p.labResults().stream()).findFirst();
    return new ReferenceInstants(
        first.flatMap(LabResult::specimenCollected).map(ReferenceInstant::at),
        first.flatMap(LabResult::resulted).map(ReferenceInstant::at),
        report.messageCreated().map(ReferenceInstant::at));
  }
}
