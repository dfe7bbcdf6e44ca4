package io.vigil.ingest.intake;

import io.vigil.ingest.ack.AckPolicy;
import io.vigil.ingest.ack.AckWriter;
import io.vigil.ingest.ack.Acknowledgements;
import io.vigil.ingest.hl7v2.DecodedMessage;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.Hl7Decoder;
import io.vigil.ingest.hl7v2.MessageHeader;
import io.vigil.ingest.hl7v2.MshReader;
import io.vigil.ingest.validation.Finding;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The answers to HL7 v2 messages the hub does not store: too large to buffer, claimed for another
 * sender's facility, or refused by the database. Each is an acknowledgement rendered now, with no
 * submission id, that tells the sender what to do (resend later, or not at all).
 */
final class UnstoredReplies {

  private final AckWriter ackWriter;
  private final IngestMetrics metrics;

  UnstoredReplies(AckWriter ackWriter, IngestMetrics metrics) {
    this.ackWriter = ackWriter;
    this.metrics = metrics;
  }

  /**
   * A message over the size cap, which was not buffered: a reject quoting its MSH-10 when the
   * header could be read from its first bytes.
   */
  IntakeResult oversized(byte[] head, long length, String transport) {
    return fromHead(
        head,
        transport,
        Disposition.REJECT,
        Finding.error(
            "MESSAGE_TOO_LARGE",
            207,
            "",
            "Message exceeds this hub's size limit (at least "
                + length
                + " bytes); it was not stored"));
  }

  /**
   * A large message refused because large messages in flight hold all the memory the receiver may
   * give them (not buffered, like an oversized one): "not stored, send it again later", {@code AR}
   * in original mode and {@code CE} in enhanced mode, as for a failed commit.
   */
  IntakeResult busy(byte[] head, String transport) {
    metrics.busy(transport);
    return fromHead(
        head,
        transport,
        Disposition.ERROR,
        Finding.error("HUB_BUSY", 207, "", InboundBudget.BUSY_MESSAGE));
  }

  /** The answer to a message known only by its first bytes, which was not stored. */
  private IntakeResult fromHead(
      byte[] head, String transport, Disposition disposition, Finding finding) {
    DecodedMessage decoded = Hl7Decoder.decode(head);
    Optional<MessageHeader> header = MshReader.read(decoded.text());
    String type =
        header.map(h -> h.messageCode() + "^" + h.triggerEvent()).orElse("").replaceAll("\\^$", "");
    Examination exam = new Examination(decoded, header, type, disposition, List.of(finding));
    metrics.received(transport, type);
    AckPolicy.Decision decision = AckPolicy.decide(header, disposition, false);
    metrics.acknowledged(transport, type, decision.code(), Duration.ZERO);
    return reply(decision, decision.send(), exam);
  }

  /** A message whose MSH-4 is not one of the authenticated sender's facilities. */
  IntakeResult mismatch(Examination exam) {
    List<Finding> findings =
        List.of(
            Finding.error(
                Hl7v2Intake.SENDER_MISMATCH,
                207,
                "MSH-4",
                "Sending facility is not one of the authenticated sender's facilities;"
                    + " not stored"));
    AckPolicy.Decision decision = AckPolicy.decide(exam.header(), Disposition.REJECT, false);
    return reply(decision, true, withFindings(exam, Disposition.REJECT, findings));
  }

  /**
   * A message from a sender the hub's operators disabled ({@code vigil sender revoke}) whose
   * credentials (token, client certificate) still verify.
   */
  IntakeResult senderDisabled(Examination exam) {
    List<Finding> findings =
        List.of(
            Finding.error(
                "SENDER_DISABLED", // Hl7v2Intake.SENDER_DISABLED, as docs/findings.md lists it
                204,
                "MSH-4",
                "This sender is disabled at this hub; not stored. Ask the hub's operators to"
                    + " enable it, then send the same message again"));
    AckPolicy.Decision decision = AckPolicy.decide(exam.header(), Disposition.REJECT, false);
    return reply(decision, true, withFindings(exam, Disposition.REJECT, findings));
  }

  /** A message the database did not commit: "not stored, send it again". */
  IntakeResult notStored(Examination exam, String transport) {
    metrics.notStored(transport);
    AckPolicy.Decision decision = AckPolicy.decide(exam.header(), exam.disposition(), false);
    List<Finding> findings = AckPolicy.findingsFor(exam, false);
    return reply(decision, decision.send(), withFindings(exam, exam.disposition(), findings));
  }

  private static Examination withFindings(
      Examination exam, Disposition disposition, List<Finding> findings) {
    return new Examination(
        exam.decoded(), exam.header(), exam.messageType(), disposition, findings);
  }

  /** The acknowledgement of {@code exam} (its findings as ERR segments), not stored. */
  private IntakeResult reply(AckPolicy.Decision decision, boolean send, Examination exam) {
    String ack =
        ackWriter.render(
            exam.header(),
            decision.code(),
            exam.findings(),
            SubmissionIds.controlId(SubmissionIds.next()));
    return new IntakeResult(
        null,
        decision.code(),
        Acknowledgements.of(ack, send),
        exam.decoded().charset(),
        false,
        false,
        exam);
  }
}
