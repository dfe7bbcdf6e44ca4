package io.vigil.ingest.http;

import io.vigil.ingest.intake.Hl7v2Intake;
import io.vigil.ingest.intake.IntakeResult;
import java.util.List;
import java.util.Set;

/**
 * The HTTP status of HL7 v2 messages the hub did not store, alone or in a batch. Some are refused
 * for good: the same message sent again is refused again ({@code SENDER_MISMATCH}, {@code
 * SENDER_DISABLED} until an operator acts: 403; {@code MESSAGE_TOO_LARGE}: 413). Every other
 * unstored answer ({@code NOT_STORED}, {@code HUB_BUSY}, a failed sender lookup) is transient: 503
 * with {@code Retry-After}, resend the same message.
 */
final class UnstoredStatus {
  private UnstoredStatus() {}

  /** Refusals as the authenticated sender: send as yourself, or ask the hub's operators. */
  private static final Set<String> FORBIDDEN =
      Set.of(Hl7v2Intake.SENDER_MISMATCH, Hl7v2Intake.SENDER_DISABLED);

  private static final String TOO_LARGE = "MESSAGE_TOO_LARGE";

  /** 403 or 413 for a message refused for good, else 503; for a message that was not stored. */
  static int of(IntakeResult r) {
    if (has(r, FORBIDDEN)) {
      return 403;
    }
    return has(r, Set.of(TOO_LARGE)) ? 413 : 503;
  }

  /**
   * The status of a batch (or of messages back to back), whose body answers each message: 429 when
   * any was over its sender's rate limit, else 200 when every message was stored, else 503 when any
   * unstored one may be taken on a resend (resending the batch is safe: stored messages replay
   * their acknowledgement), else the status of the worst refusal (403 before 413). A batch holding
   * a message that will never be taken must not read "retry" for ever: the sender's engine would
   * resend it on a loop and its monitoring would see a hub that is down.
   */
  static int ofBatch(List<IntakeResult> messages) {
    if (messages.stream().anyMatch(Hl7v2Endpoint::rateLimited)) {
      return 429;
    }
    int status = 200;
    for (IntakeResult r : messages) {
      if (r.stored()) {
        continue;
      }
      int refused = of(r);
      if (refused == 503) {
        return 503;
      }
      // 403 outranks 413: a sender refused as itself has that to fix first.
      status = status == 403 ? 403 : refused;
    }
    return status;
  }

  private static boolean has(IntakeResult r, Set<String> codes) {
    return r.examination().findings().stream().anyMatch(f -> codes.contains(f.code()));
  }
}
