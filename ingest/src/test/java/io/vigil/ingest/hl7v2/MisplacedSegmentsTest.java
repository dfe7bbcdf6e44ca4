package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MisplacedSegmentsTest {
  private static final Hl7v2Examiner EXAMINER =
      new Hl7v2Examiner(Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));
  private static final String NOTE = "NTE|1|L|Specimen received at room temperature";

  /** The golden ORU with a note inserted after the first segment {@code after}. */
  private static String withNoteAfter(String after) {
    String text = TestMessages.oru();
    if (!text.contains("\r" + after + "|") && !text.startsWith(after + "|")) {
      // TQ1, NK1: add the segment first, where ORU^R01 allows it.
      String anchor = after.equals("NK1") ? "\rORC|" : "\rOBX|";
      String segment = after.equals("NK1") ? "NK1|1|Testparent^Pat|MTH" : "TQ1|1";
      text = text.replaceFirst(anchor.replace("|", "\\|"), "\r" + segment + anchor);
    }
    int at = text.startsWith(after + "|") ? 0 : text.indexOf("\r" + after + "|") + 1;
    int end = text.indexOf('\r', at) < 0 ? text.length() : text.indexOf('\r', at);
    return text.substring(0, end) + "\r" + NOTE + text.substring(end);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ORC", "TQ1", "NK1", "SFT", "MSH"})
  void aNoteWhereOruAllowsNoneIsSetAsideInsteadOfCostingTheOrder(String after) {
    String text = withNoteAfter(after);

    Examination exam = EXAMINER.examine(text.getBytes(StandardCharsets.UTF_8));

    assertThat(exam.disposition()).as(exam.findings().toString()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.findings())
        .filteredOn(f -> f.code().equals("NTE_MISPLACED"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.W);
              assertThat(f.message()).startsWith("An NTE after " + after + " ");
            });
    // The result behind the note is read as before.
    assertThat(exam.report().orElseThrow().patients().get(0).labResults()).hasSize(1);
    // The text the hub keeps is the one received.
    assertThat(exam.decoded().text()).contains(NOTE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PID", "OBR", "OBX", "SPM"})
  void leavesNotesWhereTheyAreTakenAlone(String after) {
    Examination exam = EXAMINER.examine(withNoteAfter(after).getBytes(StandardCharsets.UTF_8));

    assertThat(exam.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.findings()).extracting(Finding::code).doesNotContain("NTE_MISPLACED");
    assertThat(MisplacedSegments.of(withNoteAfter(after)).findings()).isEmpty();
  }

  /** Order messages put timing between ORC and OBR; ORU^R01 after the OBR. */
  @org.junit.jupiter.api.Test
  void timingBetweenOrcAndObrIsSetAsideInsteadOfCostingTheOrder() {
    String text =
        TestMessages.oru()
            .replaceFirst("\rOBR\\|", "\rTQ1|1||||||20261115\rTQ2|1\r" + NOTE + "\rOBR|");

    Examination exam = EXAMINER.examine(text.getBytes(StandardCharsets.UTF_8));

    assertThat(exam.disposition()).as(exam.findings().toString()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.findings())
        .extracting(Finding::code, Finding::severity, Finding::location)
        .contains(
            org.assertj.core.groups.Tuple.tuple("TQ1_MISPLACED", Severity.W, "TQ1(1)"),
            org.assertj.core.groups.Tuple.tuple("TQ1_MISPLACED", Severity.W, "TQ2(1)"),
            org.assertj.core.groups.Tuple.tuple("NTE_MISPLACED", Severity.W, "NTE(1)"));
    assertThat(exam.report().orElseThrow().patients().get(0).labResults()).hasSize(1);
    assertThat(exam.decoded().text()).contains("\rTQ1|1||||||20261115\rTQ2|1\r");
    // Timing after the OBR, where ORU^R01 has it, stays.
    String inPlace = TestMessages.oru().replaceFirst("\rOBX\\|", "\rTQ1|1\rTQ2|1\rOBX|");
    assertThat(MisplacedSegments.of(inPlace).text()).isSameAs(inPlace);
  }

  @org.junit.jupiter.api.Test
  void readsARunOfNotesByTheSegmentBeforeTheRun() {
    String text = TestMessages.oru();
    String afterOrc = text.replaceFirst("\rOBR\\|", "\r" + NOTE + "\r" + NOTE + "\rOBR|");
    String afterObr = text.replaceFirst("\rOBX\\|", "\r" + NOTE + "\r" + NOTE + "\rOBX|");

    MisplacedSegments.SetAside orc = MisplacedSegments.of(afterOrc);
    assertThat(orc.findings()).extracting(Finding::location).containsExactly("NTE(1)", "NTE(2)");
    assertThat(orc.text()).isEqualTo(text);
    assertThat(MisplacedSegments.of(afterObr).findings()).isEmpty();
    assertThat(MisplacedSegments.of(afterObr).text()).isSameAs(afterObr);
  }

  /**
   * A long run of notes after an OBX is legal ELR: the check is one pass. It walked back over the
   * run before each note, and 120,000 notes (1 MB) took a CPU thread for 100 s (red-team review).
   */
  @org.junit.jupiter.api.Test
  void aLongRunOfNotesIsCheckedInLinearTime() {
    String oru = TestMessages.oru();
    StringBuilder notes = new StringBuilder(oru.length() + 2_500_000);
    notes.append(oru);
    for (int i = 0; i < 250_000; i++) {
      notes.append("\rNTE|1||x");
    }
    String text = notes.toString();

    boolean misplaced =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(5), () -> MisplacedSegments.anyMisplaced(text));

    assertThat(misplaced).isFalse();
    String afterOrc = withNoteAfter("ORC") + "\rNTE|2||y";
    assertThat(MisplacedSegments.anyMisplaced(afterOrc)).isTrue();
  }

  /** The quick check and the setting aside read segments alike: runs, empty lines, short ids. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ORC|1\rNTE|1\rNTE|2",
        "OBX|1\rNTE|1\rNTE|2",
        "ORC|1\r\rNTE|1",
        "OBX|1\rZZ\rNTE|1",
        "ORC|1\rOB\rNTE|1",
        "OBR|1\rNTE|1\rORC|2\rNTE|1"
      })
  void theQuickCheckAgreesWithTheSettingAside(String tail) {
    String text = "MSH|^~\\&|A|B|C|D|20261120||ORU^R01|1|P|2.5.1\rPID|1\r" + tail;
    assertThat(MisplacedSegments.anyMisplaced(text))
        .isEqualTo(!MisplacedSegments.setAside(text).findings().isEmpty());
  }
}
