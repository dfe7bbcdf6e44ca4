package io.vigil.hub.cli;

import io.vertx.core.json.JsonObject;
import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.fhir.FhirExamination;
import io.vigil.ingest.fhir.FhirOperation;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.store.FindingsJson;
import io.vigil.ingest.validation.Finding;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * How {@code vigil check} prints one message's verdict: a line with the acknowledgement code and
 * what it means for the sender, then its findings, events and acknowledgements; or, with {@code
 * --json}, one JSON object per message with the findings in the submission API's shape.
 */
final class VerdictLines {
  private final PrintWriter out;
  private final boolean json;

  VerdictLines(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  /** A FHIR Bundle's verdict, its findings and (with {@code --events}) its events. */
  void fhir(Path file, FhirExamination exam, AckCode code, List<DeidentifiedEvent> derived) {
    String operation =
        exam.operation() == FhirOperation.PROCESS_MESSAGE ? "$process-message" : "POST Bundle";
    String controlId = exam.controlId() == null ? "" : exam.controlId();
    if (json) {
      JsonObject o =
          verdictJson(file, 1, 1, controlId, exam.messageType(), code, exam.findings())
              .put("format", "fhir")
              .put("operation", operation)
              .put("httpStatus", exam.httpStatus());
      if (derived != null) {
        o.put("events", EventLines.json(derived));
      }
      out.println(o.encode());
      return;
    }
    String id = controlId.isEmpty() ? "(no Bundle.identifier)" : controlId;
    String type = exam.messageType().isEmpty() ? "" : " " + exam.messageType();
    out.printf(
        "%s: %s%s (%s) -> %d %s %s%n",
        file, id, type, operation, exam.httpStatus(), code, meaning(code));
    printFindings(out, exam.findings());
    if (derived != null) {
      EventLines.print(out, derived);
    }
  }

  /** A file that holds no HL7 v2 message (a batch envelope without MSH). */
  void noMessage(Path file) {
    hl7v2(file, 0, 0, null, null, null, null, null, null);
  }

  /**
   * One HL7 v2 message's verdict ({@code index} of {@code count} in the file), the code sent in
   * MSA-1, its findings, events and (with {@code --ack}) acknowledgements.
   */
  void hl7v2(
      Path file,
      int count,
      int index,
      Examination exam,
      AckCode code,
      AckCode sent,
      List<String> strict,
      AckLines.Wire wire,
      List<DeidentifiedEvent> derived) {
    if (json) {
      JsonObject o;
      if (exam == null) {
        o =
            new JsonObject()
                .put("file", file.toString())
                .put("messages", count)
                .put("error", "no HL7 v2 message (a batch envelope without MSH)");
      } else {
        o =
            verdictJson(
                file, count, index, exam.controlId(), exam.messageType(), code, exam.findings());
        o.put("sent", sent.name());
        AckLines.put(o, strict, wire);
        if (derived != null) {
          o.put("events", EventLines.json(derived));
        }
      }
      out.println(o.encode());
      return;
    }
    if (exam == null) {
      out.println(file + ": no HL7 v2 message (a batch envelope without MSH)");
      return;
    }
    String where = count > 1 ? file + " #" + index : file.toString();
    String id = exam.controlId().isEmpty() ? "(no MSH-10)" : exam.controlId();
    String type = exam.messageType().isEmpty() ? "" : " " + exam.messageType();
    String meaning =
        code == AckCode.AE && exam.report().isPresent()
            ? "(stored; its doses with errors are not used, its other doses are: send the"
                + " corrected doses in a new message)"
            : meaning(code);
    // In enhanced mode the hub answers the outcome with a commit code: say which MSA-1 is sent.
    String answered =
        sent == code ? "" : "; answered " + sent + " (MSH-15/16: enhanced acknowledgement mode)";
    out.println(where + ": " + id + type + " -> " + code + " " + meaning + answered);
    printFindings(out, exam.findings());
    if (derived != null) {
      EventLines.print(out, derived);
    }
    AckLines.print(out, strict, wire);
  }

  /** One message's verdict, in both formats; findings in the submission API's shape. */
  private static JsonObject verdictJson(
      Path file,
      int count,
      int index,
      String controlId,
      String messageType,
      AckCode code,
      List<Finding> findings) {
    return new JsonObject()
        .put("file", file.toString())
        .put("messages", count)
        .put("index", index)
        .put("controlId", controlId)
        .put("messageType", messageType)
        .put("ack", code.name())
        .put("findings", FindingsJson.toJson(findings));
  }

  private static void printFindings(PrintWriter out, List<Finding> findings) {
    for (Finding f : findings) {
      out.println(
          "  "
              + f.severity()
              + " "
              + f.code()
              + (f.location().isEmpty() ? "" : " " + f.location())
              + ": "
              + f.message());
    }
  }

  private static String meaning(AckCode code) {
    return switch (code) {
      case AA -> "(accepted)";
      case AE -> "(stored but not used: fix the errors and send it again)";
      default -> "(rejected: stored for audit only)";
    };
  }
}
