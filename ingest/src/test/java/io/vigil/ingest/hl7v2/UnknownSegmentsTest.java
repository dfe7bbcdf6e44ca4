package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A segment whose id no HL7 version defines is named, where it was dropped without a word. */
class UnknownSegmentsTest {
  private static final Hl7v2Examiner EXAMINER =
      new Hl7v2Examiner(Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));

  private static Examination examine(String text) {
    return EXAMINER.examine(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The ORU with a second result, its id as {@code id}, after the first. */
  private static String oruWithSecondResult(String id) {
    String oru = TestMessages.oru();
    int start = oru.indexOf("\rOBX|");
    int end = oru.indexOf('\r', start + 1);
    String obx = oru.substring(start, end);
    return oru.substring(0, end) + obx.replace("\rOBX|1|", "\r" + id + "|2|") + oru.substring(end);
  }

  @Test
  void aMistypedResultIdIsNamedWithTheSegmentItWasMeantToBe() {
    Examination exam = examine(oruWithSecondResult("0BX"));

    assertThat(exam.disposition()).as(exam.findings().toString()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.findings())
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("SEGMENT_UNKNOWN", Severity.W, "0BX(1)"));
    assertThat(exam.findings().get(0).message())
        .contains("'0BX' is not an HL7 segment id (OBX mistyped?)")
        .contains("was not read");
    // The first result is read as before; the mistyped one is not.
    assertThat(exam.report().orElseThrow().patients().get(0).labResults()).hasSize(1);
  }

  @Test
  void segmentsOfAnyHl7VersionAndZSegmentsAreNotWarnedAbout() {
    // PRT is v2.7's participation, pre-adopted by LRI/ELR senders; ZLR a lab's own segment.
    for (String id : new String[] {"PRT", "ZLR", "zpi", "IN1", "OH1"}) {
      assertThat(examine(oruWithSecondResult(id)).findings())
          .as(id)
          .extracting(Finding::code)
          .doesNotContain("SEGMENT_UNKNOWN");
    }
    assertThat(examine(TestMessages.oru()).findings()).isEmpty();
    assertThat(examine(TestMessages.vxu()).findings()).isEmpty();
  }

  @Test
  void aValueLineThatBeginsLikeASegmentIsNamedWithoutGuessing() {
    // A street typed on two lines, the second beginning "POS|": read as a segment, not text.
    String vxu = TestMessages.vxu();
    int pidEnd = vxu.indexOf('\r', vxu.indexOf("\rPID|") + 1);
    Examination exam =
        examine(vxu.substring(0, pidEnd) + "\rPOS|office rear entrance" + vxu.substring(pidEnd));

    assertThat(exam.findings())
        .extracting(Finding::code, Finding::location)
        .containsExactly(tuple("SEGMENT_UNKNOWN", "POS(1)"));
    assertThat(exam.findings().get(0).message())
        .startsWith("'POS' is not an HL7 segment id: the segment POS(1) was not read")
        .contains("escape the break as \\.br\\");
    // Two ids one letter away (OBX, OBR): no guess.
    assertThat(UnknownSegments.find("MSH|^~\\&|\rOBQ|1", '|').get(0).message())
        .startsWith("'OBQ' is not an HL7 segment id: ");
  }

  /** MSH-2 with a doubled backslash is read, and the sender told why its ACK differs. */
  @Test
  void aDoubledEscapeCharacterInMsh2IsReadWithAWarning() {
    Examination exam = examine(TestMessages.oru().replace("MSH|^~\\&|", "MSH|^~\\\\&|"));
    assertThat(exam.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.findings())
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("MSH2_NOT_STANDARD", Severity.W, "MSH-2"));
    assertThat(exam.report().orElseThrow().patients().get(0).labResults()).hasSize(1);
  }

  /**
   * Any other repeated separator is refused: with {@code ^^\&} HAPI read every component as a
   * repetition, and a positive result was accepted, counted as indeterminate and without its county
   * (red-team review).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"^^\\&", "^~~&", "^~\\\\", "^~&&"})
  void anAmbiguousMsh2IsRefused(String msh2) {
    Examination exam = examine(TestMessages.oru().replace("MSH|^~\\&|", "MSH|" + msh2 + "|"));
    assertThat(exam.disposition()).isEqualTo(Disposition.REJECT);
    assertThat(exam.findings())
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("MSH2_INVALID", Severity.E, "MSH-2"));
    assertThat(exam.report()).isEmpty();
  }

  /** Four distinct separators followed by something a template left are read, as before. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"^~\\& ", "^~\\&\t", "^~\\&X"})
  void fourSeparatorsWithSomethingAfterThemAreReadWithAWarning(String msh2) {
    Examination exam = examine(TestMessages.oru().replace("MSH|^~\\&|", "MSH|" + msh2 + "|"));
    assertThat(exam.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.findings())
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple("MSH2_NOT_STANDARD", Severity.W));
    assertThat(exam.report().orElseThrow().patients().get(0).labResults()).hasSize(1);
  }

  @Test
  void eachUnknownSegmentIsCountedByItsOwnIdAndTheWarningsAreBounded() {
    StringBuilder text = new StringBuilder("MSH|^~\\&|");
    for (int i = 0; i < 15; i++) {
      text.append("\rQBX|").append(i);
    }
    text.append("\r0BR|1");
    assertThat(UnknownSegments.find(text.toString(), '|'))
        .hasSize(10)
        .extracting(Finding::location)
        .startsWith("QBX(1)", "QBX(2)")
        .endsWith("QBX(10)");
    // A letter outside ASCII is no segment id, whatever it packs to.
    assertThat(UnknownSegments.find("MSH|^~\\&|\r\u00d6BX|1\rO\u4242X|2", '|'))
        .extracting(Finding::location)
        .containsExactly("\u00d6BX(1)", "O\u4242X(1)");
    assertThat(UnknownSegments.find("MSH|^~\\&|\rQBX|1\r0BR|1\rQBX|2", '|'))
        .extracting(Finding::location)
        .containsExactly("QBX(1)", "0BR(1)", "QBX(2)");
  }
}
