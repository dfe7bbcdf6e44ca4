package io.vigil.ingest.testing;

import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.ReferenceInstants;
import io.vigil.ingest.store.NewSubmission;
import io.vigil.ingest.validation.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Small accepted HL7 v2 submissions for store tests: one finding, reference times, no events. */
public final class TestSubmissions {
  private TestSubmissions() {}

  /** A new submission (random id) from {@code facility} with MSH-10 {@code controlId}. */
  public static NewSubmission submission(String facility, String controlId, String ack) {
    return withPayload(
        facility,
        controlId,
        ack,
        ("MSH|^~\\&|APP|" + facility + "|||20250101||ORU^R01|" + controlId + "|P|2.5.1\rPID|1")
            .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A submission of at least {@code bytes} bytes: a report carrying a document (an {@code ED} OBX
   * of base64 text), as a large lane sees it.
   */
  public static NewSubmission large(String facility, String controlId, String ack, int bytes) {
    StringBuilder m =
        new StringBuilder("MSH|^~\\&|APP|")
            .append(facility)
            .append("|||20250101||ORU^R01|")
            .append(controlId)
            .append("|P|2.5.1\rPID|1\rOBX|1|ED|11502-2^Laboratory report^LN||^AP^PDF^Base64^");
    java.util.Random random = new java.util.Random(bytes);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    while (m.length() < bytes) {
      m.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return withPayload(facility, controlId, ack, m.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static NewSubmission withPayload(
      String facility, String controlId, String ack, byte[] payload) {
    try {
      return new NewSubmission(
          UUID.randomUUID(),
          facility,
          null,
          "mllp",
          "hl7v2",
          "ORU^R01",
          controlId,
          Instant.parse("2025-01-01T10:15:30.123456Z"),
          payload,
          MessageDigest.getInstance("SHA-256").digest(payload),
          "UTF-8",
          Disposition.ACCEPT,
          AckCode.AA,
          List.of(Finding.warning("OBX3_NO_LOINC", 103, "OBX(1)-3", "No LOINC code")),
          ack,
          new ReferenceInstants(
              java.util.Optional.of(Instant.parse("2025-01-01T08:00:00Z")),
              java.util.Optional.empty(),
              java.util.Optional.of(Instant.parse("2025-01-01T09:00:00Z"))),
          List.of());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
