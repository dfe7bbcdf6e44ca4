package io.vigil.ingest.intake;

import io.vigil.anchoring.merkle.MerkleHash;
import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.ack.AckPolicy;
import io.vigil.ingest.ack.AckWriter;
import io.vigil.ingest.ack.Acknowledgements;
import io.vigil.ingest.auth.Submitter;
import io.vigil.ingest.canonical.CanonicalReport;
import io.vigil.ingest.deid.Deidentifier;
import io.vigil.ingest.hl7v2.DecodedMessage;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.Hl7Decoder;
import io.vigil.ingest.hl7v2.Hl7v2Examiner;
import io.vigil.ingest.hl7v2.MessageHeader;
import io.vigil.ingest.hl7v2.MshReader;
import io.vigil.ingest.hl7v2.ReferenceInstants;
import io.vigil.ingest.sender.SenderRegistry;
import io.vigil.ingest.store.NewSubmission;
import io.vigil.ingest.store.StoreOutcome;
import io.vigil.ingest.store.SubmissionStore;
import io.vigil.ingest.validation.Finding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable path for one HL7 v2 message, whatever the transport: examine (decode, parse,
 * validate), identify the sender, store with its acknowledgement in a group commit, and only then
 * hand back a positive acknowledgement. Anything that is not stored gets a negative one.
 */
public final class Hl7v2Intake {
  private static final Logger LOG = LoggerFactory.getLogger(Hl7v2Intake.class);

  /** The finding of a message whose MSH-4 is not one of the authenticated sender's facilities. */
  public static final String SENDER_MISMATCH = "SENDER_MISMATCH";

  /** The refusal of a message whose authenticated sender is disabled (not stored). */
  public static final String SENDER_DISABLED = "SENDER_DISABLED";

  /** Longest a message of a batch waits for its sender's rate limit before it is refused. */
  public static final Duration MAX_BATCH_WAIT = Duration.ofSeconds(30);

  /**
   * The finding of a message over its sender's rate limit. HL7 table 0357 has no rate-limit code;
   * 207 (application internal error) is the table's code for "refused for a reason that is not the
   * content", the same the hub uses when a message could not be stored: resend later.
   */
  public static final Finding RATE_LIMITED =
      Finding.error(
          "RATE_LIMITED",
          207,
          "",
          "The sending facility exceeds this hub's message or byte rate limit; send it again"
              + " later");

  private final Hl7v2Examiner examiner;
  private final AckWriter ackWriter;
  private final SubmissionStore store;
  private final IngestMetrics metrics;
  private final Executor cpu;
  private final Clock clock;
  private final Deidentifier deid;
  private final RateLimitConfig rateLimit;
  private final SenderLimits limits;
  private final UnstoredReplies unstored;
  private final SenderCheck senderCheck;
  private final ReusedControlIds reusedControlIds;
  private final UnwritableResends unwritableResends;

  /**
   * @param deid the de-identification policy applied to accepted reports (their outbox events)
   * @param rateLimit the per-sending-facility message rate limit ({@link RateLimitConfig#off()})
   */
  public Hl7v2Intake(
      Hl7v2Examiner examiner,
      AckWriter ackWriter,
      SenderRegistry senders,
      SubmissionStore store,
      IngestMetrics metrics,
      Executor cpu,
      Clock clock,
      Deidentifier deid,
      RateLimitConfig rateLimit) {
    this.examiner = examiner;
    this.ackWriter = ackWriter;
    this.store = store;
    this.metrics = metrics;
    this.cpu = cpu;
    this.clock = clock;
    this.deid = deid;
    this.rateLimit = rateLimit;
    this.limits = new SenderLimits(rateLimit);
    this.unstored = new UnstoredReplies(ackWriter, metrics);
    this.senderCheck = new SenderCheck(senders, unstored);
    this.reusedControlIds = new ReusedControlIds(ackWriter, store, metrics, cpu);
    this.unwritableResends = new UnwritableResends(store, reusedControlIds, cpu);
  }

  /**
   * Processes one message's exact bytes. The returned future never fails: storage problems turn
   * into a negative acknowledgement.
   *
   * @param raw the bytes received (inside MLLP framing, or one message of an HTTP body)
   * @param transport {@code mllp} or {@code http}
   * @param receivedNanos {@link System#nanoTime()} when the last byte arrived, for ACK latency
   */
  public CompletableFuture<IntakeResult> submit(byte[] raw, String transport, long receivedNanos) {
    return submit(raw, transport, receivedNanos, Submitter.UNVERIFIED);
  }

  /**
   * As {@link #submit(byte[], String, long)} from an authenticated submitter: a message whose MSH-4
   * resolves to another sender is rejected ({@code AR}, {@value #SENDER_MISMATCH}), logged as a
   * security event and not stored (storing it would claim that facility's control id).
   */
  public CompletableFuture<IntakeResult> submit(
      byte[] raw, String transport, long receivedNanos, Submitter submitter) {
    return run(raw, null, transport, receivedNanos, submitter, cpu);
  }

  /**
   * As {@link #submit(byte[], String, long, Submitter)}, for one message of a batch: over its
   * sender's rate limit it waits for its turn (at most {@link #MAX_BATCH_WAIT}) instead of being
   * refused. The sender waits for one answer to the whole batch anyway, and a daily file of a few
   * thousand results should not come back mostly {@code RATE_LIMITED}; the hub's intake rate per
   * sender stays what the limit says.
   */
  public CompletableFuture<IntakeResult> submitPaced(
      byte[] raw, String transport, long receivedNanos, Submitter submitter) {
    if (!rateLimit.enabled()) {
      return submit(raw, transport, receivedNanos, submitter);
    }
    // The turn is taken on a CPU thread: reading the header decodes the message, and a batch of
    // thousands must not do that on the event loop.
    return CompletableFuture.supplyAsync(() -> reserveTurn(raw, submitter), cpu)
        .thenCompose(
            turn ->
                turn.waitNanos() < 0
                    ? submit(raw, transport, receivedNanos, submitter) // too far over: refused
                    : run(
                        raw,
                        turn.decoded(),
                        transport,
                        receivedNanos,
                        submitter,
                        turn.waitNanos() == 0
                            ? cpu
                            : CompletableFuture.delayedExecutor(
                                turn.waitNanos(), TimeUnit.NANOSECONDS, cpu)));
  }

  /** A batch message's turn: the message as decoded to read its sender, and the wait (ns). */
  private record Turn(DecodedMessage decoded, long waitNanos) {}

  /**
   * The wait before a batch message's turn under both limits, or -1 when either is more than {@link
   * #MAX_BATCH_WAIT} away (a token taken from the other is then spent: the sender is over its limit
   * anyway).
   */
  private Turn reserveTurn(byte[] raw, Submitter submitter) {
    DecodedMessage decoded = Hl7Decoder.decode(raw);
    String facility = SenderCheck.limitKey(peekHeader(decoded), submitter);
    return new Turn(decoded, limits.reserve(facility, raw, MAX_BATCH_WAIT.toNanos()));
  }

  /**
   * @param admitted the message as decoded when its rate-limit tokens were reserved ({@link
   *     #submitPaced}); null when they are still to be taken
   */
  private CompletableFuture<IntakeResult> run(
      byte[] raw,
      DecodedMessage admitted,
      String transport,
      long receivedNanos,
      Submitter submitter,
      Executor executor) {
    Instant receivedAt = clock.instant();
    return CompletableFuture.supplyAsync(
            () -> prepare(raw, admitted, transport, receivedAt, submitter), executor)
        .thenCompose(p -> p.result != null ? CompletableFuture.completedFuture(p.result) : store(p))
        .thenApply(
            r -> {
              metrics.acknowledged(
                  transport,
                  r.examination().messageType(),
                  r.ackCode(),
                  Duration.ofNanos(System.nanoTime() - receivedNanos));
              return r;
            });
  }

  /** An examined message, ready to store; {@code result} is set when it will not be stored. */
  private record Prepared(
      Examination exam,
      NewSubmission submission,
      String transport,
      IntakeResult result,
      long retryAfterNanos) {

    Prepared(Examination exam, NewSubmission submission, String transport, IntakeResult result) {
      this(exam, submission, transport, result, 0);
    }
  }

  /**
   * @param admitted the message decoded when its rate-limit tokens were reserved, or null: then it
   *     is decoded here and its tokens taken now
   */
  private Prepared prepare(
      byte[] raw,
      DecodedMessage admitted,
      String transport,
      Instant receivedAt,
      Submitter submitter) {
    // The rate limit is checked before the costly parse: only the header is read (no HAPI).
    DecodedMessage decoded = admitted != null ? admitted : Hl7Decoder.decode(raw);
    Optional<MessageHeader> peeked = peekHeader(decoded);
    long overBy =
        admitted != null ? 0 : limits.overLimit(SenderCheck.limitKey(peeked, submitter), raw);
    boolean limited = overBy > 0;
    if (!limited) {
      // A message naming a facility its authenticated submitter may not use is refused on its
      // header, before the costly parse: a flood of them from one credential took every CPU
      // thread (red-team review).
      Examination headerOnly = headerOnly(decoded, peeked, Disposition.ACCEPT, List.of());
      IntakeResult foreign = senderCheck.refusedOnHeader(headerOnly, submitter, transport);
      if (foreign != null) {
        metrics.received(transport, headerOnly.messageType());
        return new Prepared(headerOnly, null, transport, foreign);
      }
    }
    Examination exam =
        limited ? rateLimited(decoded, peeked, transport, submitter) : examiner.examine(decoded);
    metrics.received(transport, exam.messageType());
    Optional<MessageHeader> header = exam.header();
    SenderCheck.Outcome from = senderCheck.check(exam, submitter, transport);
    if (from.refused() != null) {
      exam.findings().forEach(metrics::finding);
      return new Prepared(exam, null, transport, from.refused());
    }
    Long senderId = from.senderId();
    String facility = from.facility();
    Disposition disposition = from.disposition();
    List<Finding> findings = from.findings();
    if (senderId != null && disposition != Disposition.REJECT) {
      findings = toldIfNotCounted(findings, exam.report(), deid);
    }

    UUID id = SubmissionIds.next();
    // A rate-limited message is stored for audit, but answered as "not accepted, resend" (AR, or
    // CE in enhanced mode) and without claiming its control id, so the resend is processed.
    Acknowledgements acks =
        limited
            ? ackWriter.acknowledgements(
                header,
                Disposition.ACCEPT,
                false,
                findings,
                SubmissionIds.controlId(id),
                () -> SubmissionIds.controlId(SubmissionIds.next()))
            : ackWriter.acknowledgements(
                header,
                disposition,
                true,
                findings,
                SubmissionIds.controlId(id),
                () -> SubmissionIds.controlId(SubmissionIds.next()));
    AckCode code = acks.responseCode(AckCode.AR);
    // Neither a rate-limited message, nor one the hub failed examining, nor one refused for the
    // hub's own state (sender not registered, or not for this kind) claims its control id: the
    // resend is processed.
    String controlId =
        limited || !exam.claimsControlId() || !SenderCheck.claimsControlId(findings)
            ? null
            : header.map(MessageHeader::controlId).filter(s -> !s.isEmpty()).orElse(null);
    // The examination as the intake decided it: its report is kept only where the disposition
    // lets the message's content be used (Examination), which is what its events follow.
    Examination examined =
        new Examination(
            exam.decoded(), header, exam.messageType(), disposition, findings, exam.report());
    NewSubmission submission =
        new NewSubmission(
            id,
            facility,
            senderId,
            transport,
            "hl7v2",
            exam.messageType(),
            controlId,
            receivedAt,
            raw,
            MerkleHash.sha256(raw).bytes(), // the leaf's payload hash
            exam.decoded().charset().name(),
            disposition,
            code,
            findings,
            acks.stored(),
            header
                .filter(h -> exam.disposition() != Disposition.REJECT)
                .map(h -> ReferenceInstants.of(exam.decoded().text(), h))
                .orElse(ReferenceInstants.NONE),
            events(examined, senderId, id, receivedAt));
    return new Prepared(examined, submission, transport, null, overBy);
  }

  /**
   * {@code findings}, and where {@code deid} does not count the report's processing id (MSH-11
   * {@code T} or {@code D} where the hub counts production only), the information that it is
   * stored, anchored and acknowledged like any other message, but not counted in the trends.
   */
  public static List<Finding> toldIfNotCounted(
      List<Finding> findings, Optional<CanonicalReport> report, Deidentifier deid) {
    Optional<Finding> uncounted =
        report
            .filter(r -> !deid.counts(r))
            .map(
                r -> Finding.info("PROCESSING_ID_NOT_COUNTED", 0, "MSH-11", deid.whyNotCounted(r)));
    if (uncounted.isEmpty()) {
      return findings;
    }
    List<Finding> told = new ArrayList<>(findings);
    told.add(uncounted.get());
    return told;
  }

  /**
   * The de-identified events of what {@code exam} lets be used (an accepted message, or the doses
   * an immunization message's dose errors left: {@link Examination#report()}) from a known sender;
   * none otherwise.
   */
  private List<DeidentifiedEvent> events(
      Examination exam, Long senderId, UUID id, Instant receivedAt) {
    if (senderId == null || exam.report().isEmpty()) {
      return List.of();
    }
    return deid.events(exam.report().get(), senderId, id, receivedAt);
  }

  private CompletableFuture<IntakeResult> store(Prepared p) {
    NewSubmission s = p.submission;
    return store
        .store(s)
        .thenCompose(
            o ->
                reusedControlIds
                    .isAnotherMessage(o, s)
                    .thenCompose(
                        another ->
                            another
                                ? reusedControlIds.refuse(p.exam, s, o, p.transport)
                                : CompletableFuture.completedFuture(answer(p, o))))
        .exceptionallyCompose(
            e -> {
              Throwable cause = e instanceof CompletionException ? e.getCause() : e;
              // DEBUG: under an outage this is every message; WriteOutage logs the outage once.
              LOG.debug(
                  "submission not stored [id: {}, transport: {}, reason: {}]",
                  s.id(),
                  p.transport,
                  cause.getMessage());
              return UnwritableResends.readsStillAnswered(cause)
                  ? unwritableResends
                      .originalOf(s)
                      .thenApply(
                          original ->
                              original
                                  .map(o -> answer(p, o))
                                  .orElseGet(() -> unstored.notStored(p.exam, p.transport)))
                  : CompletableFuture.completedFuture(unstored.notStored(p.exam, p.transport));
            });
  }

  /** The answer to a message just stored, or to a resend of a stored one. */
  private IntakeResult answer(Prepared p, StoreOutcome o) {
    if (o.duplicate()) {
      metrics.duplicate(p.transport);
      LOG.debug(
          "duplicate submission [original: {}, transport: {}]", o.submissionId(), p.transport);
    } else {
      // Counted once, with the submission: a sender resending one message is not more findings.
      p.exam.findings().forEach(metrics::finding);
    }
    // A replay answers with the original's acknowledgements, sent as this copy asks.
    Acknowledgements acks =
        Acknowledgements.parse(
            o.ackMessage(), AckPolicy.decide(p.exam.header(), p.exam.disposition(), true).send());
    return new IntakeResult(
        o.submissionId(),
        acks.responseCode(p.submission.ackCode()),
        acks,
        p.exam.decoded().charset(),
        true,
        o.duplicate(),
        p.exam,
        p.retryAfterNanos);
  }

  private static Optional<MessageHeader> peekHeader(DecodedMessage decoded) {
    try {
      return MshReader.read(decoded.text());
    } catch (RuntimeException e) {
      return Optional.empty(); // the examiner will reject it
    }
  }

  /** The examination of a message refused by the rate limit: a reject, without parsing it. */
  private Examination rateLimited(
      DecodedMessage decoded,
      Optional<MessageHeader> header,
      String transport,
      Submitter submitter) {
    metrics.rateLimited(transport);
    limits.refused(SenderCheck.limitLabel(header, submitter), transport);
    return headerOnly(decoded, header, Disposition.REJECT, List.of(RATE_LIMITED));
  }

  /** A message known by its header alone (not parsed), with the findings given. */
  private static Examination headerOnly(
      DecodedMessage decoded,
      Optional<MessageHeader> header,
      Disposition disposition,
      List<Finding> findings) {
    String type =
        header.map(h -> h.messageCode() + "^" + h.triggerEvent()).orElse("").replaceAll("\\^$", "");
    return new Examination(decoded, header, type, disposition, findings);
  }

  /**
   * Runs the examination path on the CPU threads with a bundled sample ELR before traffic arrives,
   * so HAPI's class loading and the first JIT passes do not land on the first senders' ACKs.
   */
  public void warmUp(int messagesPerThread, int threads) {
    ExaminationWarmUp.run(
        "HL7 v2",
        "/io/vigil/ingest/hl7v2-warmup-oru.hl7",
        examiner::examine,
        cpu,
        messagesPerThread,
        threads);
  }

  /**
   * Answers a message over the size cap, which was not buffered and is not stored: a reject quoting
   * its MSH-10 when the header could be read from its first bytes.
   */
  public IntakeResult rejectOversized(byte[] head, long length, String transport) {
    return unstored.oversized(head, length, transport);
  }

  /** The meters intake counts in; transports add theirs. */
  public IngestMetrics metrics() {
    return metrics;
  }

  /**
   * The answer to a large message refused for want of memory before it was read whole: {@code
   * HUB_BUSY}, not stored, send it again later.
   *
   * @param head the message's first bytes, for its header
   */
  public IntakeResult rejectBusy(byte[] head, String transport) {
    return unstored.busy(head, transport);
  }
}
