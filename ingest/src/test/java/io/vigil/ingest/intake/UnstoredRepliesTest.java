package io.vigil.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.ack.AckWriter;
import io.vigil.ingest.hl7v2.TestMessages;
import io.vigil.ingest.validation.Finding;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UnstoredRepliesTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final UnstoredReplies replies =
      new UnstoredReplies(
          new AckWriter(Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC)),
          new IngestMetrics(registry));

  /** The first bytes of a large message, as the MLLP decoder keeps them. */
  private static byte[] head(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(bytes, Math.min(bytes.length, 600));
  }

  @Test
  void aBusyAnswerSaysResendLaterAndQuotesTheControlId() {
    IntakeResult r = replies.busy(head(TestMessages.oru()), "mllp");
    assertThat(r.stored()).isFalse();
    assertThat(r.submissionId()).isNull();
    assertThat(r.ackCode()).isEqualTo(AckCode.AR);
    assertThat(r.ackText()).contains("\rMSA|AR|LAB20261120-0001").contains("HUB_BUSY");
    assertThat(r.examination().findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo("HUB_BUSY");
              assertThat(f.hl7ErrorCode()).isEqualTo(207);
              assertThat(f.message()).contains("send it again later");
            });
    assertThat(r.acksToSend()).hasSize(1);
    assertThat(registry.counter("vigil.ingest.busy", "transport", "mllp").count()).isEqualTo(1);
  }

  @Test
  void inEnhancedModeItIsACommitErrorSentEvenWhenOnlyErrorsAreAskedFor() {
    String enhanced = TestMessages.set(TestMessages.oru(), "MSH", 1, 15, "ER");
    IntakeResult r = replies.busy(head(TestMessages.set(enhanced, "MSH", 1, 16, "AL")), "http");
    assertThat(r.ackCode()).isEqualTo(AckCode.CE);
    assertThat(r.acksToSend()).hasSize(1);
    assertThat(r.examination().findings()).extracting(Finding::code).containsExactly("HUB_BUSY");
  }
}
