package io.vigil.ingest.hl7v2;

import io.vigil.ingest.canonical.CanonicalReport;
import io.vigil.ingest.validation.Finding;
import java.util.List;
import java.util.Optional;

/**
 * Everything learned about one received HL7 v2 message before it is stored: its decoded text, its
 * header (when MSH could be read), the validation findings and the resulting disposition.
 *
 * @param decoded the decoded text and charset; never null (undecodable bytes still decode, as
 *     ISO-8859-1)
 * @param header the MSH fields, empty when there is no readable MSH segment
 * @param messageType {@code ORU^R01}, {@code VXU^V04}, or whatever MSH-9 said (empty if unknown)
 * @param disposition ACCEPT, ERROR or REJECT
 * @param findings all findings, errors first
 * @param report what an accepted message says, in the canonical model; empty unless ACCEPT, or
 *     ERROR with errors only in an immunization message's doses (the doses left, {@link
 *     RejectedDoses})
 */
public record Examination(
    DecodedMessage decoded,
    Optional<MessageHeader> header,
    String messageType,
    Disposition disposition,
    List<Finding> findings,
    Optional<CanonicalReport> report) {

  public Examination {
    findings = List.copyOf(findings);
    boolean used =
        disposition == Disposition.ACCEPT
            || (disposition == Disposition.ERROR && RejectedDoses.of(findings).isPresent());
    report = used ? report : Optional.empty();
  }

  /** An examination without a canonical report (rejected or in error). */
  public Examination(
      DecodedMessage decoded,
      Optional<MessageHeader> header,
      String messageType,
      Disposition disposition,
      List<Finding> findings) {
    this(decoded, header, messageType, disposition, findings, Optional.empty());
  }

  /**
   * Whether storing this message claims its control id (so a resend gets the stored answer): not
   * when the hub failed examining it ({@code INTERNAL_ERROR}, a defect of the hub's), so that the
   * resend after the fix is examined again.
   */
  public boolean claimsControlId() {
    return findings.stream().noneMatch(f -> f.code().equals(Hl7v2Examiner.INTERNAL_ERROR));
  }

  /** MSH-10, or empty when the header is missing. */
  public String controlId() {
    return header.map(MessageHeader::controlId).orElse("");
  }
}
