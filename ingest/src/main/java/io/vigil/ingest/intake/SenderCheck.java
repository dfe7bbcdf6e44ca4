package io.vigil.ingest.intake;

import io.vigil.ingest.auth.Submitter;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.MessageHeader;
import io.vigil.ingest.sender.LoggableText;
import io.vigil.ingest.sender.SenderRegistry;
import io.vigil.ingest.validation.Finding;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who an examined HL7 v2 message is from, and whether it may come from there. Its MSH-4 is resolved
 * to a registered sender (for an immunization message without MSH-4, which the IZ guide allows, the
 * sender the connection's credentials name), then checked against the authenticated submitter and
 * against the message kinds that sender is registered for.
 */
final class SenderCheck {
  private static final Logger LOG = LoggerFactory.getLogger(SenderCheck.class);
  private static final Logger SECURITY = LoggerFactory.getLogger("io.vigil.security");

  private final SenderRegistry senders;
  private final UnstoredReplies unstored;
  private final RepeatedWarnings refusals = new RepeatedWarnings(System::nanoTime);

  SenderCheck(SenderRegistry senders, UnstoredReplies unstored) {
    this.senders = senders;
    this.unstored = unstored;
  }

  /**
   * What the check found.
   *
   * @param senderId the registered sender, or null (unknown, disabled, or no sending facility)
   * @param facility the facility id the message is stored and deduplicated under ("" for none)
   * @param disposition the examination's, or a reject or error the sender check adds
   * @param findings the examination's, with those the sender check adds
   * @param refused the answer to a message that is not to be stored (a mismatch, or the sender
   *     lookup failed); null when it is to be stored
   */
  record Outcome(
      Long senderId,
      String facility,
      Disposition disposition,
      List<Finding> findings,
      IntakeResult refused) {}

  /**
   * The rejects that the hub's configuration decides, not the message's bytes: an unknown or
   * disabled sending facility, or a message kind it is not registered for. A message refused for
   * one of them does not claim its control id, so the same message sent again after the operator
   * registers the sender is examined again (as for {@code RATE_LIMITED}).
   */
  static final Set<String> HUB_SIDE = Set.of("SENDER_UNKNOWN", "MESSAGE_KIND_NOT_ALLOWED");

  /** Whether storing a message with {@code findings} claims its control id ({@link #HUB_SIDE}). */
  static boolean claimsControlId(List<Finding> findings) {
    return findings.stream().noneMatch(f -> HUB_SIDE.contains(f.code()));
  }

  /** Checks {@code exam}'s sender. Blocking on a registry cache miss: call off the event loop. */
  Outcome check(Examination exam, Submitter submitter, String transport) {
    Disposition disposition = exam.disposition();
    List<Finding> findings = new ArrayList<>(exam.findings());
    Identity who = identify(exam, submitter, transport);
    if (who.refused() != null) {
      return refused(exam, who.refused());
    }
    String facility = who.facility();
    Long senderId = who.senderId();
    Set<String> allowed;
    try {
      allowed =
          senderId != null && disposition != Disposition.REJECT
              ? senders.allowedKinds(senderId)
              : Set.of();
    } catch (SQLException e) {
      LOG.warn("sender lookup failed [transport: {}, sqlState: {}]", transport, e.getSQLState());
      return refused(exam, unstored.notStored(exam, transport));
    }
    if (!allowed.isEmpty() && !allowed.contains(exam.messageType())) {
      findings.add(
          0,
          Finding.error(
              "MESSAGE_KIND_NOT_ALLOWED",
              207,
              "MSH-9",
              "This sender is not registered to send "
                  + exam.messageType()
                  + " messages; once it is, send the same message again"));
      disposition = Disposition.REJECT;
      long n = refusals.due("kind " + senderId);
      if (n > 0) {
        LOG.warn(
            "message kind not allowed for sender [senderId: {}, type: {}, transport: {},"
                + " refusedSinceLastLine: {}]",
            senderId,
            LoggableText.of(exam.messageType()),
            transport,
            n);
      }
    }
    if (senderId == null && !facility.isEmpty() && disposition != Disposition.REJECT) {
      findings.add(
          0,
          Finding.error(
              "SENDER_UNKNOWN",
              204,
              "MSH-4",
              "Sending facility is not registered with this hub or is disabled; once it is"
                  + " registered, send the same message again"));
      disposition = Disposition.REJECT;
      long n = refusals.due("unknown " + facility);
      if (n > 0) {
        LOG.warn(
            "unknown sender refused [facility: {}, transport: {}, refusedSinceLastLine: {}]",
            LoggableText.of(facility),
            transport,
            n);
      }
    }
    if (facility.isEmpty() && disposition != Disposition.REJECT) {
      findings = UnidentifiedSender.findings(findings);
      disposition = Disposition.ERROR;
    }
    return new Outcome(senderId, facility, disposition, findings, null);
  }

  /**
   * Who a message is from: its facility (for an immunization message without MSH-4, the one its
   * credentials name) and the sender that resolves to; or the answer refusing it, when its
   * authenticated submitter may not use that facility or the lookup failed.
   */
  private record Identity(String facility, Long senderId, IntakeResult refused) {}

  private Identity identify(Examination exam, Submitter submitter, String transport) {
    Optional<MessageHeader> header = exam.header();
    String facility = header.map(MessageHeader::senderFacilityId).orElse("");
    Long senderId;
    try {
      if (facility.isEmpty() && header.isPresent() && submitter.senderId() != null) {
        // Without MSH-4 the sender is the one the connection's credentials name, under its
        // registered facility id: that keys the message's idempotency as if it had sent MSH-4.
        facility = senders.facilityOf(submitter.senderId()).orElse("");
      }
      senderId = senders.resolve(facility).orElse(null);
    } catch (SQLException e) {
      LOG.warn("sender lookup failed [transport: {}, sqlState: {}]", transport, e.getSQLState());
      return new Identity(facility, null, unstored.notStored(exam, transport));
    }
    if (!submitter.mayUse(senderId) && header.isPresent()) {
      return new Identity(
          facility, senderId, foreign(exam, submitter, transport, facility, senderId));
    }
    return new Identity(facility, senderId, null);
  }

  /** The refusal of a message naming a facility its authenticated submitter may not use. */
  private IntakeResult foreign(
      Examination exam, Submitter submitter, String transport, String facility, Long senderId) {
    if (senderId == null && submitterDisabled(submitter, transport)) {
      // Its credentials still verify, but the operators revoked the sender: say so, rather
      // than that it claimed another's facility.
      long n = refusals.due("disabled " + submitter.label());
      if (n > 0) {
        SECURITY.warn(
            "disabled sender refused [submitter: {}, claimedFacility: {}, transport: {},"
                + " refusedSinceLastLine: {}]",
            LoggableText.of(submitter.label()),
            LoggableText.of(facility),
            transport,
            n);
      }
      return unstored.senderDisabled(exam);
    }
    // A facility id (CLIA number, OID) names a lab, not a patient: safe to log. One line per
    // credential and minute, naming the last facility claimed: one request of 33,000 such
    // messages wrote 33,000 lines (red-team review).
    long n = refusals.due("mismatch " + submitter.label());
    if (n > 0) {
      SECURITY.warn(
          "sender mismatch refused [submitter: {}, claimedFacility: {}, transport: {},"
              + " refusedSinceLastLine: {}]",
          LoggableText.of(submitter.label()),
          LoggableText.of(facility),
          transport,
          n);
    }
    return unstored.mismatch(exam);
  }

  /** Whether the submitter's own sender is disabled; false when that cannot be read. */
  private boolean submitterDisabled(Submitter submitter, String transport) {
    if (submitter.senderId() == null || submitter.senderId() < 0) {
      return false;
    }
    try {
      return senders.isDisabled(submitter.senderId());
    } catch (SQLException e) {
      LOG.warn("sender lookup failed [transport: {}, sqlState: {}]", transport, e.getSQLState());
      return false; // refused as a mismatch: not stored either way
    }
  }

  /**
   * The refusal of a message whose header names a facility its authenticated submitter may not use
   * (another sender's, or its own sender's while disabled), decided on the header alone; null when
   * it goes on to be examined, and always for an unverified submitter (the facility is taken as
   * sent). Blocking on a registry cache miss.
   *
   * @param headerOnly the message known by its header, not parsed
   */
  IntakeResult refusedOnHeader(Examination headerOnly, Submitter submitter, String transport) {
    if (submitter.senderId() == null || headerOnly.header().isEmpty()) {
      return null;
    }
    return identify(headerOnly, submitter, transport).refused();
  }

  private static Outcome refused(Examination exam, IntakeResult answer) {
    return new Outcome(null, "", exam.disposition(), exam.findings(), answer);
  }

  /**
   * The rate-limit bucket of a message: the sender its connection's credentials name (a token's
   * principal, a client certificate's subject) when they name one, else its MSH-4 (dev-mode
   * plaintext MLLP). The keys of credentials start with the usual component separator, so no
   * facility id takes them. Keyed by the claimed MSH-4, one lab's credential could spend another
   * lab's tokens with messages naming it (refused, but the tokens were gone) and lock that lab out,
   * or escape its own limit by naming a new facility in each message (red-team review).
   */
  static String limitKey(Optional<MessageHeader> header, Submitter submitter) {
    if (submitter.senderId() != null) {
      return submitter.senderId() < 0
          ? "^certificate " + submitter.label() // mapped to no sender: its own bucket
          : "^sender " + submitter.senderId();
    }
    return header.map(MessageHeader::senderFacilityId).orElse("");
  }

  /** Who a rate-limit warning names: the credentials' label, else the sending facility. */
  static String limitLabel(Optional<MessageHeader> header, Submitter submitter) {
    return submitter.senderId() != null
        ? submitter.label()
        : header.map(MessageHeader::senderFacilityId).orElse("");
  }
}
