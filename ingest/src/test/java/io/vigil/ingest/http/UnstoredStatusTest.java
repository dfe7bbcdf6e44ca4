package io.vigil.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.ack.AckPolicy;
import io.vigil.ingest.ack.Acknowledgements;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.Hl7Decoder;
import io.vigil.ingest.intake.Hl7v2Intake;
import io.vigil.ingest.intake.IntakeResult;
import io.vigil.ingest.validation.Finding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UnstoredStatusTest {

  private static IntakeResult result(boolean stored, Disposition disposition, Finding... f) {
    Examination exam =
        new Examination(
            Hl7Decoder.decode("MSH|^~\\&|".getBytes(StandardCharsets.UTF_8)),
            Optional.empty(),
            "ORU^R01",
            disposition,
            List.of(f));
    return new IntakeResult(
        stored ? UUID.randomUUID() : null,
        stored && disposition == Disposition.ACCEPT ? AckCode.AA : AckCode.AR,
        Acknowledgements.of("MSH|^~\\&|", true),
        StandardCharsets.UTF_8,
        stored,
        false,
        exam);
  }

  private static final IntakeResult TAKEN = result(true, Disposition.ACCEPT);
  private static final IntakeResult REJECTED_STORED =
      result(true, Disposition.REJECT, Finding.error("MSH9_UNSUPPORTED", 200, "MSH-9", "x"));
  private static final IntakeResult MISMATCH =
      result(
          false, Disposition.REJECT, Finding.error(Hl7v2Intake.SENDER_MISMATCH, 207, "MSH-4", "x"));
  private static final IntakeResult DISABLED =
      result(
          false, Disposition.REJECT, Finding.error(Hl7v2Intake.SENDER_DISABLED, 204, "MSH-4", "x"));
  private static final IntakeResult TOO_LARGE =
      result(false, Disposition.REJECT, Finding.error("MESSAGE_TOO_LARGE", 207, "", "x"));
  private static final IntakeResult NOT_STORED =
      result(false, Disposition.ACCEPT, AckPolicy.NOT_STORED);
  // A reject the database did not commit carries its own findings, no NOT_STORED: still transient.
  private static final IntakeResult REJECT_NOT_STORED =
      result(false, Disposition.REJECT, Finding.error("MSH9_UNSUPPORTED", 200, "MSH-9", "x"));
  private static final IntakeResult BUSY =
      result(false, Disposition.ERROR, Finding.error("HUB_BUSY", 207, "", "x"));
  private static final IntakeResult RATE_LIMITED =
      result(true, Disposition.REJECT, Hl7v2Intake.RATE_LIMITED);

  @Test
  void aMessageRefusedForGoodIsNotAskedToBeResent() {
    assertThat(UnstoredStatus.of(MISMATCH)).isEqualTo(403);
    assertThat(UnstoredStatus.of(DISABLED)).isEqualTo(403);
    assertThat(UnstoredStatus.of(TOO_LARGE)).isEqualTo(413);
    assertThat(UnstoredStatus.of(NOT_STORED)).isEqualTo(503);
    assertThat(UnstoredStatus.of(REJECT_NOT_STORED)).isEqualTo(503);
    assertThat(UnstoredStatus.of(BUSY)).isEqualTo(503);
  }

  @Test
  void aBatchWhoseOnlyUnstoredMessagesAreRefusedForGoodAnswersTheRefusal() {
    assertThat(UnstoredStatus.ofBatch(List.of(TAKEN, MISMATCH))).isEqualTo(403);
    assertThat(UnstoredStatus.ofBatch(List.of(DISABLED, DISABLED))).isEqualTo(403);
    assertThat(UnstoredStatus.ofBatch(List.of(TAKEN, TOO_LARGE))).isEqualTo(413);
    assertThat(UnstoredStatus.ofBatch(List.of(TOO_LARGE, MISMATCH, TAKEN))).isEqualTo(403);
    assertThat(UnstoredStatus.ofBatch(List.of(MISMATCH, TOO_LARGE))).isEqualTo(403);
  }

  @Test
  void aBatchWithATransientlyUnstoredMessageIsStillToBeResent() {
    assertThat(UnstoredStatus.ofBatch(List.of(TAKEN, MISMATCH, NOT_STORED))).isEqualTo(503);
    assertThat(UnstoredStatus.ofBatch(List.of(NOT_STORED, MISMATCH))).isEqualTo(503);
    assertThat(UnstoredStatus.ofBatch(List.of(DISABLED, BUSY))).isEqualTo(503);
    assertThat(UnstoredStatus.ofBatch(List.of(TAKEN, REJECT_NOT_STORED))).isEqualTo(503);
    assertThat(UnstoredStatus.ofBatch(List.of(MISMATCH, RATE_LIMITED))).isEqualTo(429);
  }

  @Test
  void aBatchWhoseMessagesWereAllStoredIsTaken() {
    assertThat(UnstoredStatus.ofBatch(List.of(TAKEN, REJECTED_STORED))).isEqualTo(200);
    assertThat(UnstoredStatus.ofBatch(List.of())).isEqualTo(200);
  }
}
