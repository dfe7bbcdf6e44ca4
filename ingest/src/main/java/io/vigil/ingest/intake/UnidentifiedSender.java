package io.vigil.ingest.intake;

import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.validation.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * An HL7 v2 message with no sending facility id, from a connection whose credentials name no
 * sender: the hub has nothing to store, deduplicate and count it under, so it is an error (AE).
 * MSH-4 may be empty (the ELR guide's error stays; the IZ guide's warning becomes this one), or
 * hold no id (only an HD-3 type such as {@code ^^CLIA}).
 */
public final class UnidentifiedSender {

  /** The finding, under the code of the validator's. */
  public static final Finding FINDING =
      Finding.error(
          "MSH4_MISSING",
          101,
          "MSH-4",
          "MSH-4 sending facility is missing, and this connection does not name a sender: send"
              + " MSH-4, or authenticate with an HTTP token or MLLP client certificate bound to a"
              + " sender");

  private UnidentifiedSender() {}

  /** {@code findings} with the validator's warning replaced by the error, or the error added. */
  static List<Finding> findings(List<Finding> findings) {
    List<Finding> out = new ArrayList<>(findings);
    out.removeIf(f -> f.code().equals(FINDING.code()) && !f.isError());
    if (out.stream().noneMatch(f -> f.code().equals(FINDING.code()))) {
      out.add(0, FINDING);
    }
    return out;
  }

  /**
   * {@code exam} as the intake answers it from a connection that names no sender: unchanged when it
   * has a facility id or is rejected anyway, else an error. For offline checks ({@code vigil
   * check}), which have no connection.
   */
  public static Examination refuse(Examination exam) {
    boolean unnamed =
        exam.header().map(h -> h.senderFacilityId().isEmpty()).orElse(false)
            && exam.disposition() != Disposition.REJECT;
    return unnamed
        ? new Examination(
            exam.decoded(),
            exam.header(),
            exam.messageType(),
            Disposition.ERROR,
            findings(exam.findings()))
        : exam;
  }
}
