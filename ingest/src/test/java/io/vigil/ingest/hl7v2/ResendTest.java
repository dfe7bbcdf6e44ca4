package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResendTest {

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theSameMessageRestampedOrReEncodedIsAResend() {
    String oru = TestMessages.oru();
    assertThat(Resend.isResendOf(bytes(oru), bytes(oru))).isTrue();
    String restamped = TestMessages.set(oru, "MSH", 1, 7, "20261122160000-0500");
    assertThat(restamped).isNotEqualTo(oru);
    assertThat(Resend.isResendOf(bytes(oru), bytes(restamped))).isTrue();
    byte[] bomCrLf = bytes("\uFEFF" + oru.replace("\r", "\r\n"));
    assertThat(Resend.isResendOf(bytes(oru), bomCrLf)).isTrue();
  }

  @Test
  void anotherMessageUnderTheSameControlIdIsNot() {
    String oru = TestMessages.oru();
    String otherResult = TestMessages.set(oru, "OBX", 1, 5, "260415000^Not detected^SCT");
    assertThat(Resend.isResendOf(bytes(oru), bytes(otherResult))).isFalse();
    String otherReceiver = TestMessages.set(oru, "MSH", 1, 6, "OTHER_DOH");
    assertThat(Resend.isResendOf(bytes(oru), bytes(otherReceiver))).isFalse();
  }

  @Test
  void emptiesOnlyMsh7() {
    assertThat(Resend.withoutMessageTime("MSH|^~\\&|A|B|C|D|20261122||ORU^R01|X\rPID|1"))
        .isEqualTo("MSH|^~\\&|A|B|C|D|||ORU^R01|X\rPID|1");
    assertThat(Resend.withoutMessageTime("MSH#^~\\&#A#B#C#D#2026#"))
        .isEqualTo("MSH#^~\\&#A#B#C#D##");
    assertThat(Resend.withoutMessageTime("MSH|^~\\&|A|B\rPID|1|2|3|4|5|6"))
        .as("MSH ends before MSH-7")
        .isEqualTo("MSH|^~\\&|A|B\rPID|1|2|3|4|5|6");
    assertThat(Resend.withoutMessageTime("PID|1")).isEqualTo("PID|1");
  }
}
