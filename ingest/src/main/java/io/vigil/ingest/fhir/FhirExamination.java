package io.vigil.ingest.fhir;

import io.vigil.ingest.canonical.CanonicalReport;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.validation.Finding;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;

/**
 * Everything learned about one FHIR submission before it is stored.
 *
 * @param operation what the client asked for
 * @param bundle the parsed Bundle, empty when the body is not one
 * @param messageType {@code Bundle/message}, {@code Bundle/transaction}, … ("" when unparsed)
 * @param facilityId the sending facility named in the Bundle ("" when none)
 * @param controlId {@code Bundle.identifier} as {@code system|value} (or the value alone), null
 *     when missing: the idempotency key with the facility
 * @param disposition ACCEPT, ERROR or REJECT
 * @param findings parser and validator findings, errors first
 * @param report the canonical report, present when the submission is accepted
 */
public record FhirExamination(
    FhirOperation operation,
    Optional<Bundle> bundle,
    String messageType,
    String facilityId,
    String controlId,
    Disposition disposition,
    List<Finding> findings,
    Optional<CanonicalReport> report) {

  public FhirExamination {
    findings = List.copyOf(findings);
  }

  /** The request's MessageHeader, when it is a message Bundle. */
  public Optional<MessageHeader> header() {
    return bundle.flatMap(BundleSender::header);
  }

  /**
   * The HTTP status the hub answers with once this is stored: 200 ({@code $process-message}) or 201
   * when accepted, 422 with errors, 400 when rejected, 403 for a sender refused.
   */
  public int httpStatus() {
    return FhirResponses.status(operation, FhirResponses.ackCode(disposition), findings);
  }

  /** Resource entries in the Bundle (0 when unparsed). */
  public int entries() {
    return bundle.map(b -> b.getEntry().size()).orElse(0);
  }

  FhirExamination with(Disposition newDisposition, List<Finding> newFindings, String newControlId) {
    return new FhirExamination(
        operation,
        bundle,
        messageType,
        facilityId,
        newControlId,
        newDisposition,
        newFindings,
        newDisposition == Disposition.ACCEPT ? report : Optional.empty());
  }
}
