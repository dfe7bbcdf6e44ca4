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

  @Test
  void aReEncodedCopyWithoutEmptyTrailingPartsIsAResend() {
    // What HAPI's PipeParser or Mirth's serializer writes when an engine re-encodes a message to
    // resend it: empty trailing fields, components, repetitions, subcomponents and spaces dropped.
    String sent =
        "MSH|^~\\&|LAB|05D0000001|HUB|DOH|20261122||ORU^R01^ORU_R01|C-1|P|2.5.1|||AL|NE|\r"
            + "PID|1||P-1^^^LAB&1.2&ISO^MR~||Doe^Jane^^^^|||F|||\r"
            + "ORC|RE|O-1^LAB^^|F-1^LAB^^|||||||  \r"
            + "OBX|1|CWE|94500-6^SARS-CoV-2 RNA^LN^^^||260373001^Detected^SCT||||||F|||";
    String reEncoded =
        "MSH|^~\\&|LAB|05D0000001|HUB|DOH|20261123||ORU^R01^ORU_R01|C-1|P|2.5.1|||AL|NE\r"
            + "PID|1||P-1^^^LAB&1.2&ISO^MR||Doe^Jane|||F\r"
            + "ORC|RE|O-1^LAB|F-1^LAB\r"
            + "OBX|1|CWE|94500-6^SARS-CoV-2 RNA^LN||260373001^Detected^SCT||||||F";
    assertThat(Resend.isResendOf(bytes(sent), bytes(reEncoded))).isTrue();
    assertThat(Resend.isResendOf(bytes(reEncoded), bytes(sent))).isTrue();
    // The same for the hub's fixtures, their segments ending in '|' or not.
    String oru = TestMessages.oru();
    String padded = String.join("|\r", oru.split("\r")) + "|\r";
    assertThat(Resend.isResendOf(bytes(oru), bytes(padded))).isTrue();
  }

  @Test
  void aReEncodedCopyThatChangedContentIsNot() {
    String sent = "MSH|^~\\&|LAB|FAC|HUB|DOH|2026||ORU^R01|C-1|P|2.5.1\rOBX|1|NM|X^Y^LN||5|";
    // An empty part that is not at the end still holds a place: moving a value is a change.
    assertThat(
            Resend.isResendOf(
                bytes(sent),
                bytes("MSH|^~\\&|LAB|FAC|HUB|DOH|2026||ORU^R01|C-1|P|2.5.1\rOBX|1|NM|X^Y^LN|5|")))
        .isFalse();
    assertThat(
            Resend.isResendOf(
                bytes(sent),
                bytes("MSH|^~\\&|LAB|FAC|HUB|DOH|2026||ORU^R01|C-1|P|2.5.1\rOBX|1|NM|X^Y^LN||6")))
        .isFalse();
    // A space inside a value is content; only trailing spaces are dropped.
    assertThat(
            Resend.isResendOf(
                bytes(sent),
                bytes("MSH|^~\\&|LAB|FAC|HUB|DOH|2026||ORU^R01|C-1|P|2.5.1\rOBX|1|NM|X^Y^LN|| 5")))
        .isFalse();
    // A component dropped from the middle of a field.
    assertThat(
            Resend.isResendOf(
                bytes(sent),
                bytes("MSH|^~\\&|LAB|FAC|HUB|DOH|2026||ORU^R01|C-1|P|2.5.1\rOBX|1|NM|X^^LN||5")))
        .isFalse();
  }

  @Test
  void dropsEmptyTailsAtEveryLevelButKeepsMsh2() {
    assertThat(Resend.withoutEmptyTails("MSH|^~\\&|A|||\rPID|1||A^B^^~||  \rNTE|1|| x &^ |"))
        .isEqualTo("MSH|^~\\&|A\rPID|1||A^B\rNTE|1|| x");
    assertThat(Resend.withoutEmptyTails("MSH|^~\\&|")).isEqualTo("MSH|^~\\&");
    assertThat(Resend.withoutEmptyTails("MSH#$%*@#A$#\rPID#1$$#"))
        .as("the message's own delimiters")
        .isEqualTo("MSH#$%*@#A\rPID#1");
    assertThat(Resend.withoutEmptyTails("PID|1|")).as("no MSH").isEqualTo("PID|1|");
  }
}
