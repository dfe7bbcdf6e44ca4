package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.canonical.LabResult;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A line break typed into a value (a comment, a narrative result, a street) splits its segment when
 * the sender does not escape it: the line is joined back and the message taken, with a warning,
 * where the whole message was refused.
 */
class LineBreaksInValuesTest {
  private static final Hl7v2Examiner EXAMINER =
      new Hl7v2Examiner(Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));

  /** The golden ORU (CR segment ends) with a note after its OBX. */
  private static String withNote(String note) {
    String oru = TestMessages.oru();
    int spm = oru.indexOf("\rSPM|");
    return oru.substring(0, spm) + "\rNTE|1|L|" + note + oru.substring(spm);
  }

  private static Examination examine(String text) {
    return EXAMINER.examine(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Finding> lineBreaks(Examination exam) {
    return exam.findings().stream().filter(f -> f.code().equals("VALUE_LINE_BREAK")).toList();
  }

  /** LF inside a CR-ended message, CR inside one, CRLF inside a CRLF-ended one, LF-ended files. */
  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r", "\r\n"})
  void aCommentTypedOnTwoLinesIsJoinedBackAndTheResultCounts(String lineEnd) {
    String text = withNote("Specimen received late." + lineEnd + "Result verified by supervisor.");
    for (String message : List.of(text, text.replace("\r", "\n"), text.replace("\r", "\r\n"))) {
      Examination exam = examine(message);

      assertThat(exam.disposition()).as(exam.findings().toString()).isEqualTo(Disposition.ACCEPT);
      assertThat(lineBreaks(exam))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.severity()).isEqualTo(Severity.W);
                assertThat(f.location()).isEqualTo("NTE(1)");
                assertThat(f.message()).doesNotContain("supervisor");
              });
      List<LabResult> results = exam.report().orElseThrow().patients().get(0).labResults();
      assertThat(results).hasSize(1);
      assertThat(results.get(0).codedValue().orElseThrow().code()).isEqualTo("260373001");
      // The segments after the note are read as before: the specimen is there.
      assertThat(results.get(0).specimenType()).isNotEmpty();
    }
  }

  @Test
  void aNarrativeResultOnTwoLinesIsReadAsItsLines() {
    String oru =
        TestMessages.set(
            TestMessages.set(TestMessages.oru(), "OBX", 1, 2, "TX"),
            "OBX",
            1,
            5,
            "SARS-CoV-2 RNA:\nDETECTED");

    Examination exam = examine(oru);

    assertThat(exam.disposition()).as(exam.findings().toString()).isEqualTo(Disposition.ACCEPT);
    assertThat(lineBreaks(exam)).singleElement().extracting(Finding::location).isEqualTo("OBX(1)");
    LabResult result = exam.report().orElseThrow().patients().get(0).labResults().get(0);
    assertThat(result.value()).isEqualTo("SARS-CoV-2 RNA:\nDETECTED");
  }

  @Test
  void aStreetOnTwoLinesKeepsTheAddress() {
    String oru =
        TestMessages.set(
            TestMessages.oru(), "PID", 1, 11, "123 Main St\nApt 4^^Springfield^IL^62701^USA^H");

    Examination exam = examine(oru);

    assertThat(exam.disposition()).as(exam.findings().toString()).isEqualTo(Disposition.ACCEPT);
    assertThat(lineBreaks(exam)).singleElement().extracting(Finding::location).isEqualTo("PID(1)");
    assertThat(
            exam.report().orElseThrow().patients().get(0).patient().address().orElseThrow().state())
        .isEqualTo("IL");
  }

  /**
   * What looks like a segment is one: an empty note ("NTE" alone), a Z-segment, an id with a stray
   * space before its separator (a typo the parser refuses, not a comment's second line).
   */
  @Test
  void segmentsThatLookOddAreNotJoined() {
    String oru = TestMessages.oru();
    int spm = oru.indexOf("\rSPM|");
    for (String line : new String[] {"NTE", "ZLA", "ZLA|1"}) {
      String text = oru.substring(0, spm) + "\r" + line + oru.substring(spm);
      assertThat(LineBreaksInValues.join(text).findings()).as(line).isEmpty();
    }
    String typo = oru.replace("\rOBX|", "\rOBX |");
    assertThat(LineBreaksInValues.join(typo).findings()).isEmpty();
    assertThat(examine(typo).disposition()).isEqualTo(Disposition.REJECT);
  }

  @Test
  void everySegmentOfAWellFormedMessageIsLeftAsItIs() {
    String oru = TestMessages.oru();

    assertThat(LineBreaksInValues.join(oru).text()).isSameAs(oru);
    assertThat(LineBreaksInValues.join(oru).findings()).isEmpty();
    // Each broken segment is told once, however many lines it was broken into.
    LineBreaksInValues.Joined joined =
        LineBreaksInValues.join(withNote("one\rtwo\rthree").replace("PID|1|", "PID|1|a\rb\r"));
    assertThat(joined.findings()).extracting(Finding::location).containsExactly("PID(1)", "NTE(1)");
    assertThat(joined.text()).contains("NTE|1|L|one\\.br\\two\\.br\\three\r");
  }
}
