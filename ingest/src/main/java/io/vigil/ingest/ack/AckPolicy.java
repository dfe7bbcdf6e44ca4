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
 * Decides which acknowledgements to send, and with which codes, from the examination outcome and
 * whether the submission was durably stored (HL7 v2.5.1 section 2.9).
 *
 * <p>Original mode (MSH-15 and MSH-16 empty): ACCEPT → AA, ERROR → AE, REJECT → AR, not stored → AR
 * with a 207 error; always sent.
 *
 * <p>Enhanced mode (either field valued) has two acknowledgements, each sent when its field's
 * condition holds ({@code AL} always, {@code NE} never, {@code ER} on an error, {@code SU} on a
 * success):
 *
 * <ul>
 *   <li>the <b>accept</b> acknowledgement (MSH-15; empty or unknown means {@code AL}): stored → CA,
 *       REJECT → CR, not stored → CE;
 *   <li>the <b>application</b> acknowledgement (MSH-16; empty means none): once stored, ACCEPT →
 *       AA, ERROR → AE, REJECT → AR. The hub's application processing (validation and storage) is
 *       done when the commit is, so it follows the accept acknowledgement at once. A rejected
 *       message gets it only when MSH-15 suppressed the CR, so a reject is answered once.
 * </ul>
 *
 * <p>Content errors are an error condition for MSH-15 {@code ER}/{@code SU} only when no
 * application acknowledgement will carry them; the accept acknowledgement then carries them as ERR
 * segments. This is ELR's {@code AL}/{@code NE} pattern (one CA).
 *
 * <p>An immunization message (VXU) is answered in original mode whatever MSH-15/16 say: the CDC IZ
 * guide's acknowledgement (profile Z23, which the hub stamps on it) allows only {@code AA}, {@code
 * AE} and {@code AR} in MSA-1, and an IIS answers every VXU with that one application-level
 * acknowledgement (the guide's {@code ER}/{@code AL} pattern gives the same answer).
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
    boolean enhanced = enhanced(header);
    boolean rejected = disposition == Disposition.REJECT;
    if (!enhanced) {
      AckCode code =
          rejected || !stored
              ? AckCode.AR
              : disposition == Disposition.ERROR ? AckCode.AE : AckCode.AA;
      return new Decision(code, true);
    }
    AckCode code = rejected ? AckCode.CR : stored ? AckCode.CA : AckCode.CE;
    boolean contentErrors =
        disposition == Disposition.ERROR && application(header, disposition, stored).isEmpty();
    boolean error = rejected || !stored || contentErrors;
    return new Decision(code, sent(header.get().acceptAckType(), error));
  }

  /**
   * The application acknowledgement to send after the accept acknowledgement (enhanced mode and
   * MSH-16 asking for it in this case), or empty.
   */
  public static Optional<AckCode> application(
      Optional<MessageHeader> header, Disposition disposition, boolean stored) {
    if (!enhanced(header) || !stored) {
      return Optional.empty();
    }
    String msh16 = header.get().applicationAckType();
    if (msh16.isEmpty()) {
      return Optional.empty();
    }
    AckCode code =
        switch (disposition) {
          case ACCEPT -> AckCode.AA;
          case ERROR -> AckCode.AE;
          case REJECT -> AckCode.AR;
        };
    if (code == AckCode.AR && sent(header.get().acceptAckType(), true)) {
      return Optional.empty(); // the CR already answers it
    }
    return sent(msh16, code != AckCode.AA) ? Optional.of(code) : Optional.empty();
  }

  /**
   * Whether {@code header} is answered in enhanced mode: MSH-15 or MSH-16 valued, and not an
   * immunization message (see the class comment).
   */
  static boolean enhanced(Optional<MessageHeader> header) {
    return header.map(h -> h.enhancedMode() && !h.messageCode().equals("VXU")).orElse(false);
  }

  /** Whether an acknowledgement is sent under condition {@code type} (table 0155). */
  private static boolean sent(String type, boolean error) {
    return switch (type.toUpperCase(Locale.ROOT)) {
      case "NE" -> false;
      case "ER" -> error;
      case "SU" -> !error;
      default -> true;
    };
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
