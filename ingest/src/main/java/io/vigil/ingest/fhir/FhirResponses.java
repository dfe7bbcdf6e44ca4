package io.vigil.ingest.fhir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.http.ApiReplies;
import io.vigil.ingest.intake.SubmissionIds;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.Severity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.MessageHeader;

/**
 * FHIR replies: an {@code OperationOutcome} per submission (one issue per finding: severity, issue
 * type, the stable finding code in {@code details}, the FHIRPath {@code expression}, and {@code
 * diagnostics}), and for {@code $process-message} a response message Bundle whose {@code
 * MessageHeader.response.code} is {@code ok}, {@code fatal-error} (stored with errors, or rejected:
 * do not resend as is) or {@code transient-error} (not stored: resend later). Rendered with Vert.x
 * JSON rather than HAPI's encoder: it is on every request's path and the shapes are fixed.
 */
public final class FhirResponses {
  /** The code system of the hub's finding codes in {@code OperationOutcome.issue.details}. */
  public static final String FINDING_SYSTEM = "https://vigil.example.org/fhir/CodeSystem/finding";

  private static final Set<String> SECURITY =
      Set.of("SENDER_FORBIDDEN", "SENDER_UNKNOWN", "SENDER_DISABLED");

  private FhirResponses() {}

  /** The HTTP status of an answer decided now. */
  static int status(FhirOperation op, AckCode code, List<Finding> findings) {
    if (findings.stream().anyMatch(f -> SECURITY.contains(f.code()))) {
      return 403;
    }
    if (findings.stream().anyMatch(f -> f.code().equals("INTERNAL_ERROR"))) {
      return 500; // the hub's defect, not the Bundle's
    }
    return switch (code) {
      case AA, CA -> op == FhirOperation.PROCESS_MESSAGE ? 200 : 201;
      case AE, CE -> 422;
      case AR, CR -> 400;
    };
  }

  /** The acknowledgement code of a disposition (the HL7 v2 codes, stored in the same column). */
  static AckCode ackCode(Disposition d) {
    return switch (d) {
      case ACCEPT -> AckCode.AA;
      case ERROR -> AckCode.AE;
      case REJECT -> AckCode.AR;
    };
  }

  /** The body answering a submission that was (or will be, once committed) stored. */
  static String render(
      FhirExamination exam, AckCode code, UUID submissionId, Instant now, String base) {
    JsonObject outcome = outcome(exam.findings(), exam.disposition(), submissionId);
    if (exam.operation() == FhirOperation.PROCESS_MESSAGE && exam.header().isPresent()) {
      String response = code == AckCode.AA ? "ok" : "fatal-error";
      return responseMessage(exam.header().get(), response, outcome, submissionId, now, base)
          .encode();
    }
    return outcome.encode();
  }

  /** The body answering a submission that was not stored: resend later. */
  static String renderNotStored(FhirExamination exam, Instant now, String base) {
    JsonObject outcome =
        outcome(
            List.of(
                Finding.error(
                    "NOT_STORED",
                    207,
                    "",
                    "The submission could not be stored; nothing was kept. Resend later.")),
            Disposition.ERROR,
            null);
    outcome.getJsonArray("issue").getJsonObject(0).put("code", "transient");
    if (exam.operation() == FhirOperation.PROCESS_MESSAGE && exam.header().isPresent()) {
      return responseMessage(exam.header().get(), "transient-error", outcome, null, now, base)
          .encode();
    }
    return outcome.encode();
  }

  /** An OperationOutcome for a request refused before examination (size, media type). */
  public static String outcome(int status, String code, String message) {
    Finding f = Finding.error(code, 207, "", message);
    JsonObject o = outcome(List.of(f), Disposition.REJECT, null);
    o.getJsonArray("issue").getJsonObject(0).put("code", issueType(f, status));
    return o.encode();
  }

  static JsonObject outcome(List<Finding> findings, Disposition disposition, UUID submissionId) {
    JsonArray issues = new JsonArray();
    if (submissionId != null) {
      issues.add(
          new JsonObject()
              .put("severity", "information")
              .put("code", "informational")
              .put("details", details("SUBMISSION_STORED", "Stored as submission " + submissionId))
              .put("diagnostics", ApiReplies.submissionLocation(submissionId)));
    }
    for (Finding f : findings) {
      JsonObject issue =
          new JsonObject()
              .put("severity", severity(f, disposition))
              .put("code", issueType(f, 0))
              .put("details", details(f.code(), f.message()))
              .put("diagnostics", f.message());
      if (!f.location().isEmpty()) {
        issue.put("expression", new JsonArray().add(f.location()));
      }
      issues.add(issue);
    }
    if (issues.isEmpty()) {
      issues.add(
          new JsonObject()
              .put("severity", "information")
              .put("code", "informational")
              .put("diagnostics", "No findings"));
    }
    return new JsonObject().put("resourceType", "OperationOutcome").put("issue", issues);
  }

  private static JsonObject details(String code, String text) {
    return new JsonObject()
        .put(
            "coding",
            new JsonArray().add(new JsonObject().put("system", FINDING_SYSTEM).put("code", code)))
        .put("text", text);
  }

  private static String severity(Finding f, Disposition disposition) {
    if (f.severity() == Severity.E) {
      return disposition == Disposition.REJECT ? "fatal" : "error";
    }
    return f.severity() == Severity.W ? "warning" : "information";
  }

  /** The FHIR issue type (value set issue-type) of a finding. */
  static String issueType(Finding f, int status) {
    if (status == 413 || f.code().equals("MESSAGE_TOO_LARGE")) {
      return "too-costly";
    }
    if (status == 415) {
      return "not-supported";
    }
    if (status == 503) {
      return "throttled";
    }
    if (status == 401) {
      return "login";
    }
    if (status == 403) {
      return "forbidden";
    }
    if (SECURITY.contains(f.code())) {
      return "security";
    }
    if (f.code().equals("REFERENCE_UNRESOLVED")) {
      return "not-found";
    }
    if (f.code().equals("ELEMENT_UNKNOWN")) {
      return "structure";
    }
    return switch (f.hl7ErrorCode()) {
      case 100 -> "structure";
      case 101 -> "required";
      case 102 -> "value";
      case 103 -> "code-invalid";
      case 200, 201, 203 -> "not-supported";
      case 205 -> "duplicate";
      case 207 -> "exception";
      default -> "invalid";
    };
  }

  private static JsonObject responseMessage(
      MessageHeader request,
      String responseCode,
      JsonObject outcome,
      UUID submissionId,
      Instant now,
      String base) {
    String outcomeUrl = "urn:uuid:" + SubmissionIds.next();
    outcome.put("id", outcomeUrl.substring("urn:uuid:".length()));
    JsonObject header =
        new JsonObject()
            .put("resourceType", "MessageHeader")
            .put("id", SubmissionIds.next().toString())
            .put("source", new JsonObject().put("name", "Vigil").put("endpoint", base))
            .put(
                "response",
                new JsonObject()
                    .put("identifier", requestId(request))
                    .put("code", responseCode)
                    .put("details", new JsonObject().put("reference", outcomeUrl)));
    if (request.hasEventCoding()) {
      var c = request.getEventCoding();
      JsonObject coding = new JsonObject();
      if (c.getSystem() != null) {
        coding.put("system", c.getSystem());
      }
      if (c.getCode() != null) {
        coding.put("code", c.getCode());
      }
      header.put("eventCoding", coding);
    } else if (request.hasEventUriType() && request.getEventUriType().getValue() != null) {
      header.put("eventUri", request.getEventUriType().getValue());
    } else {
      header.put(
          "eventCoding",
          new JsonObject()
              .put("system", "http://terminology.hl7.org/CodeSystem/message-events")
              .put("code", "unknown"));
    }
    if (request.hasSource() && request.getSource().getEndpoint() != null) {
      header.put(
          "destination",
          new JsonArray().add(new JsonObject().put("endpoint", request.getSource().getEndpoint())));
    }
    JsonObject bundle =
        new JsonObject()
            .put("resourceType", "Bundle")
            .put("type", "message")
            .put("timestamp", now.truncatedTo(ChronoUnit.MILLIS).toString());
    Optional.ofNullable(submissionId)
        .ifPresent(
            id ->
                bundle.put(
                    "identifier",
                    new JsonObject()
                        .put("system", "urn:ietf:rfc:3986")
                        .put("value", "urn:uuid:" + id)));
    bundle.put(
        "entry",
        new JsonArray()
            .add(
                new JsonObject()
                    .put("fullUrl", "urn:uuid:" + header.getString("id"))
                    .put("resource", header))
            .add(new JsonObject().put("fullUrl", outcomeUrl).put("resource", outcome)));
    return bundle;
  }

  /** The id the response names: the request MessageHeader's id (FHIR R4), else a placeholder. */
  private static String requestId(MessageHeader request) {
    String id = request.getIdElement().getIdPart();
    if (id == null || id.isBlank()) {
      return "unknown";
    }
    if (id.startsWith("urn:uuid:")) {
      id = id.substring("urn:uuid:".length());
    }
    return id.matches("[A-Za-z0-9\\-.]{1,64}") ? id : "unknown";
  }

  /**
   * The HTTP status a stored answer was first given with, read back from its body (a replay returns
   * the original answer): 4xx issues decide it.
   */
  static int storedStatus(FhirOperation op, String body) {
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (RuntimeException e) {
      return 200;
    }
    JsonObject outcome = json;
    if ("Bundle".equals(json.getString("resourceType"))) {
      JsonArray entries = json.getJsonArray("entry", new JsonArray());
      outcome = entries.size() > 1 ? entries.getJsonObject(1).getJsonObject("resource") : json;
    }
    boolean fatal = false;
    boolean error = false;
    for (Object o : outcome.getJsonArray("issue", new JsonArray())) {
      String s = ((JsonObject) o).getString("severity");
      fatal |= "fatal".equals(s);
      error |= "error".equals(s);
    }
    if (fatal) {
      return 400;
    }
    if (error) {
      return 422;
    }
    return op == FhirOperation.PROCESS_MESSAGE ? 200 : 201;
  }
}
