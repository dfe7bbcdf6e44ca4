package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ca.uhn.hl7v2.model.AbstractSegment;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.parser.DefaultModelClassFactory;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RunOnSegmentsTest {

  @Test
  void knowsHowManyFieldsHl7251DefinesForEachSegment() throws Exception {
    DefaultModelClassFactory factory = new DefaultModelClassFactory();
    Map<String, Integer> hapi = new TreeMap<>();
    for (String id : RunOnSegments.DEFINED_FIELDS.keySet()) {
      Class<? extends Segment> type = factory.getSegmentClass(id, "2.5.1");
      Segment segment =
          type.getConstructor(
                  ca.uhn.hl7v2.model.Group.class, ca.uhn.hl7v2.parser.ModelClassFactory.class)
              .newInstance(new ORU_R01(), factory);
      hapi.put(id, ((AbstractSegment) segment).numFields());
    }
    assertThat(new TreeMap<>(RunOnSegments.DEFINED_FIELDS)).isEqualTo(hapi);
  }

  @Test
  void findsAnOrcGluedToTheEndOfPd1() {
    // As in NIST IZ-AD-10.1 when it was published with its PD1 and ORC on one line.
    String text = TestMessages.vxu();
    int orc = text.indexOf("\rORC|");
    String pd1 = text.substring(text.lastIndexOf('\r', orc - 1) + 1, orc);
    assertThat(pd1).startsWith("PD1|");
    int lastField = pd1.split("\\|", -1).length - 1;
    String glued = text.substring(0, orc) + "20150625" + text.substring(orc + 1);

    List<Finding> findings = RunOnSegments.find(glued, '|');

    assertThat(findings).hasSize(1);
    Finding f = findings.get(0);
    assertThat(f.severity()).isEqualTo(Severity.E);
    assertThat(f.code()).isEqualTo("SEGMENT_RUN_ON");
    assertThat(f.location()).isEqualTo("PD1(1)-" + lastField);
    assertThat(f.message())
        .startsWith("PD1-" + lastField + " ends with 'ORC'")
        .contains("has ", "where HL7 2.5.1 defines 21")
        .doesNotContain("curl");
  }

  /** The golden ORU with its OBX glued to the end of the segment before it (the OBR). */
  private static String obxGluedToObr() {
    String text = TestMessages.oru();
    int obx = text.indexOf("\rOBX|");
    return text.substring(0, obx) + text.substring(obx + 1);
  }

  @Test
  void findsAnObxGluedToAnObrThatStillHasRoomForTheFields() {
    String glued = obxGluedToObr();

    List<Finding> findings = RunOnSegments.find(glued, '|');

    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).location()).startsWith("OBR(1)-");
    assertThat(findings.get(0).message())
        .contains("ends with 'OBX' followed by what a OBX segment starts with");
  }

  @Test
  void numbersTheRunOnSegmentAmongItsKind() {
    // Three OBX, the third glued to the second: the finding is at OBX(2), where the sender looks.
    String text = TestMessages.oru();
    int obxStart = text.indexOf("\rOBX|") + 1;
    String obx = text.substring(obxStart, text.indexOf('\r', obxStart));
    String three =
        text.substring(0, obxStart)
            + obx
            + "\r"
            + obx.replaceFirst("^OBX\\|1\\|", "OBX|2|")
            + obx.replaceFirst("^OBX\\|1\\|", "OBX|3|")
            + text.substring(obxStart + obx.length());

    List<Finding> findings = RunOnSegments.find(three, '|');

    assertThat(findings)
        .extracting(Finding::location)
        .containsExactly("OBX(2)-" + (obx.split("\\|", -1).length - 1));
  }

  @Test
  void onlyWarnsWhenWhatWasLostIsANote() {
    // As in a TN SPHL STARLIMS ARLN report: an NTE glued to the last field of an OBR by a space.
    String text = TestMessages.oru();
    int obx = text.indexOf("\rOBX|");
    String withNote =
        text.substring(0, obx)
            + "|||||||||||||||||||||||||||||||||||||||| NTE|1|L|Validated by the state lab."
            + text.substring(obx);

    List<Finding> findings = RunOnSegments.find(withNote, '|');

    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).severity()).isEqualTo(Severity.W);
    assertThat(findings.get(0).message()).contains("ends with 'NTE'", "that NTE segment");
  }

  @Test
  void fieldsOfLaterVersionsThatTheGuidesPreAdoptAreNoRunOn() {
    // The IZ guide 1.5's MSH-22/23 (CAIR2, NIST IZ), a facility whose name ends in RAPID, and a
    // control id ending in ORC: read as a PID and an ORC glued to MSH, the message was refused.
    String vxu = TestMessages.set(TestMessages.vxu(), "MSH", 1, 4, "CITY RAPID");
    vxu = TestMessages.set(vxu, "MSH", 1, 10, "UPDATEORC");
    vxu =
        TestMessages.set(vxu, "MSH", 1, 22, "Clinic^^^^^NIST&2.16.840.1.113883.3.72.5.40.9&ISO^XX");
    vxu = TestMessages.set(vxu, "MSH", 1, 23, "IIS^^^^^MYIIS&2.16.840.1.113883.3.72&ISO^XX");
    assertThat(RunOnSegments.find(vxu, '|')).isEmpty();
    // OBX-29 (QST) and OBX-33 of v2.9, after an OBX-23 performing lab named "... PID".
    String oru = TestMessages.set(TestMessages.oru(), "OBX", 1, 23, "COUNTY LAB PID");
    assertThat(RunOnSegments.find(TestMessages.set(oru, "OBX", 1, 29, "QST"), '|')).isEmpty();
    assertThat(RunOnSegments.find(TestMessages.set(oru, "OBX", 1, 33, "X"), '|')).isEmpty();
    // Beyond what any version defines, the run-on is found as before.
    assertThat(RunOnSegments.find(TestMessages.set(oru, "OBX", 1, 34, "X"), '|'))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("where HL7 defines at most 33"));
  }

  @Test
  void findsAWholeMessageOnOneLineAndSaysWhy() {
    String oneLine = TestMessages.oru().replace("\r", "");
    List<Finding> findings = RunOnSegments.find(oneLine, '|');
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).location()).startsWith("MSH(1)-");
    assertThat(findings.get(0).severity()).isEqualTo(Severity.E);
    assertThat(findings.get(0).message())
        .contains("so segments SFT, PID, ORC, OBR, OBX, SPM were not read", "--data-binary");
  }

  @Test
  void readsAHugeRunOnSegmentInOnePass() {
    // 10 MiB of "OBX|": before the fields were read in place, a copy of each (2.6 million strings).
    String huge = "MSH|^~\\&|A|B\rOBX|1|ST|" + "OBX|".repeat(2_621_440);

    List<Finding> findings =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> RunOnSegments.find(huge, '|'));

    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).message()).contains("so that OBX segment was not read");
  }

  @Test
  void leavesWellFormedMessagesAndTrailingEmptyFieldsAlone() {
    assertThat(RunOnSegments.find(TestMessages.oru(), '|')).isEmpty();
    assertThat(RunOnSegments.find(TestMessages.vxu(), '|')).isEmpty();
    // More fields than defined, but empty ones (trailing pipes, as real senders pad them).
    String padded =
        TestMessages.oru().replaceFirst("\rOBX\\|([^\r]*)", "\rOBX|$1|||||||||||||||||||||||||");
    assertThat(RunOnSegments.find(padded, '|')).isEmpty();
    // A field that ends like a segment id in a segment within its field count.
    String value = TestMessages.set(TestMessages.oru(), "OBX", 1, 5, "SEE OBX");
    assertThat(RunOnSegments.find(value, '|')).isEmpty();
  }

  @Test
  void aFieldEndingLikeASegmentIdIsNoRunOnWhenOnlyPaddingOrLaterFieldsMakeTheSegmentLong() {
    // OBX-17 (method) "RAPID" ends with PID. Padded with empty fields past OBX-25: those were
    // counted, and the message was refused as a run-on PID.
    String rapid = TestMessages.set(TestMessages.oru(), "OBX", 1, 17, "RAPID");
    String padded = rapid.replaceFirst("\rOBX\\|([^\r]*)", "\rOBX|$1" + "|".repeat(30));
    assertThat(RunOnSegments.find(padded, '|')).isEmpty();
    // Fields of a later HL7 version (OBX-26 on) and OBX-27 ending in PID: the OBX was already
    // longer than 2.5.1 defines before that field, so it is not what made it long.
    String later =
        TestMessages.set(
            TestMessages.set(TestMessages.oru(), "OBX", 1, 26, "X"), "OBX", 1, 27, "RAPID");
    assertThat(RunOnSegments.find(later, '|')).isEmpty();
    // The same field with values after it beyond OBX-33 (HL7 v2.9's last) is still found.
    String glued = TestMessages.set(rapid, "OBX", 1, 34, "X");
    assertThat(RunOnSegments.find(glued, '|'))
        .extracting(Finding::location)
        .containsExactly("OBX(1)-17");
  }

  @Test
  void theExaminerTurnsARunOnResultIntoAContentError() {
    // An OBX glued to the end of the previous segment: before, its result vanished and AA came
    // back.
    String glued = obxGluedToObr();
    Examination exam =
        new Hl7v2Examiner(java.time.Clock.systemUTC())
            .examine(glued.getBytes(StandardCharsets.UTF_8));
    assertThat(exam.findings()).extracting(Finding::code).contains("SEGMENT_RUN_ON");
    // On one line, PID_MISSING and the others follow it: the run-on is listed first, as the cause.
    Examination oneLine =
        new Hl7v2Examiner(java.time.Clock.systemUTC())
            .examine(TestMessages.oru().replace("\r", "").getBytes(StandardCharsets.UTF_8));
    assertThat(oneLine.findings()).extracting(Finding::code).contains("PID_MISSING");
    assertThat(oneLine.findings()).extracting(Finding::code).first().isEqualTo("SEGMENT_RUN_ON");
    assertThat(exam.disposition()).isEqualTo(Disposition.ERROR);
  }
}
