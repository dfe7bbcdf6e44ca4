package io.vigil.ingest.ack;

import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.MessageHeader;
import io.vigil.ingest.validation.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides the acknowledgement code, and whether to send one at all, from the examination outcome
 * and whether the submission was durably stored (HL7 v2.5.1 section 2.9).
 *
 * <p>Original mode (MSH-15 and MSH-16 empty): ACCEPT → AA, ERROR → AE, REJECT → AR, not stored → AR
 * with a 207 error; always sent.
 *
 * <p>Enhanced mode: this hub sends only the accept (commit) acknowledgement: stored → CA (with the
 * validation errors as ERR segments when the content has errors; the outcome is also available from
 * the submission API), REJECT → CR, not stored → CE. MSH-15 decides whether it is sent: AL always,
 * NE never, ER only for an error condition (content errors, reject, commit error), SU only for a
 * clean success; empty or unknown values mean AL. ER and SU treat content errors as an error
 * condition because the hub sends no application acknowledgement to carry them.
 */
public final class AckPolicy {

  /** The finding reported when the submission could not be stored: the sender should resend. */
  public static final Finding NOT_STORED =
      Finding.error("NOT_STORED", 207, "", "The message could not be stored; send it again later");

  private AckPolicy() {}

  /**
   * An acknowledgement decision.
   *
   * @param code the MSA-1 code
   * @param send false when the sender asked not to receive this acknowledgement (MSH-15)
   */
  public record Decision(AckCode code, boolean send) {}

  /**
   * The acknowledgement for a message.
   *
   * @param header the original header; empty when none could be read (original mode is assumed)
   * @param disposition the examination outcome
   * @param stored whether the submission was committed to the system of record
   */
  public static Decision decide(
      Optional<MessageHeader> header, Disposition disposition, boolean stored) {
    boolean enhanced = header.map(MessageHeader::enhancedMode).orElse(false);
    boolean rejected = disposition == Disposition.REJECT;
    if (!enhanced) {
      AckCode code =
          rejected || !stored
              ? AckCode.AR
              : disposition == Disposition.ERROR ? AckCode.AE : AckCode.AA;
      return new Decision(code, true);
    }
    AckCode code = rejected ? AckCode.CR : stored ? AckCode.CA : AckCode.CE;
    boolean cleanSuccess = disposition == Disposition.ACCEPT && stored;
    boolean send =
        switch (header.get().acceptAckType().toUpperCase(Locale.ROOT)) {
          case "NE" -> false;
          case "ER" -> !cleanSuccess;
          case "SU" -> cleanSuccess;
          default -> true;
        };
    return new Decision(code, send);
  }

  /**
   * The findings to render as ERR segments: the examination's, plus {@link #NOT_STORED} when a
   * message that was not rejected could not be stored.
   */
  public static List<Finding> findingsFor(Examination examination, boolean stored) {
    List<Finding> out = new ArrayList<>();
    if (!stored && examination.disposition() != Disposition.REJECT) {
      out.add(NOT_STORED);
    }
    out.addAll(examination.findings());
    return out;
  }
}
