package io.vigil.ingest.fhir;

import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.http.ApiReplies;
import java.util.UUID;

/**
 * The answer to one FHIR submission.
 *
 * @param submissionId the stored submission (the original for a replay); null when not stored
 * @param status HTTP status
 * @param body the FHIR JSON body (OperationOutcome, or the response message Bundle)
 * @param ackCode the acknowledgement code stored with the submission
 * @param stored true when durably stored (now, or before for a replay)
 * @param duplicate true when this replayed an already stored (facility, Bundle.identifier)
 * @param examination what was learned about the submission
 */
public record FhirResult(
    UUID submissionId,
    int status,
    String body,
    AckCode ackCode,
    boolean stored,
    boolean duplicate,
    FhirExamination examination) {

  /** Where the stored submission can be read, or null. */
  public String location() {
    return submissionId == null ? null : ApiReplies.submissionLocation(submissionId);
  }
}
