package io.vigil.ingest.validation;

import java.util.Objects;

/**
 * One validation or processing finding about a submission. Findings are data: they are stored with
 * the submission and rendered as HL7 {@code ERR} segments or FHIR {@code OperationOutcome} issues.
 *
 * @param severity E (error: the message is not processed), W (warning), I (information)
 * @param code stable application code, e.g. {@code OBX3_LOINC_CHECK_DIGIT} (rendered in ERR-5)
 * @param hl7ErrorCode HL7 table 0357 code (ERR-3), e.g. 101 required field missing, 102 data type
 *     error, 103 table value not found, 200 unsupported message type, 201 unsupported event code,
 *     203 unsupported version id, 207 application internal error
 * @param location ER7 location path rendered in ERR-2, e.g. {@code OBX^1^3} or {@code OBX(2)-3.1};
 *     empty when the finding is about the whole message
 * @param message human-readable text for ERR-8; never contains patient data
 */
public record Finding(
    Severity severity, String code, int hl7ErrorCode, String location, String message) {

  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    location = location == null ? "" : location;
    Objects.requireNonNull(message, "message");
  }

  public static Finding error(String code, int hl7ErrorCode, String location, String message) {
    return new Finding(Severity.E, code, hl7ErrorCode, location, message);
  }

  public static Finding warning(String code, int hl7ErrorCode, String location, String message) {
    return new Finding(Severity.W, code, hl7ErrorCode, location, message);
  }

  /** Information for the sender: nothing is wrong with the message. */
  public static Finding info(String code, int hl7ErrorCode, String location, String message) {
    return new Finding(Severity.I, code, hl7ErrorCode, location, message);
  }

  public boolean isError() {
    return severity == Severity.E;
  }
}
