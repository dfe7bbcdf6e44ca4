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

/** A known segment's id in lower case is read in capitals, where its result or dose was lost. */
class SegmentIdCaseTest {
  private static final Hl7v2Examiner EXAMINER =
      new Hl7v2Examiner(Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));

  private static Examination examine(String text) {
    return EXAMINER.examine(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aResultInALowerCaseObxIsRead() {
    Examination exam = examine(TestMessages.oru().replace("\rOBX|", "\robx|"));

    assertThat(exam.disposition()).as(exam.findings().toString()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.findings())
        .extracting(Finding::code, Finding::severity, Finding::location)
        .containsExactly(tuple("SEGMENT_ID_CASE", Severity.W, "OBX(1)"));
    assertThat(exam.report().orElseThrow().patients().get(0).labResults()).hasSize(1);
    // The stored text is the one received.
    assertThat(exam.decoded().text()).contains("\robx|");
  }

  @Test
  void aDoseInALowerCaseRxaCountsWithTheOthers() {
    Examination exam = examine(TestMessages.vxu().replace("\rRXA|", "\rrxa|"));

    assertThat(exam.disposition()).as(exam.findings().toString()).isEqualTo(Disposition.ACCEPT);
    assertThat(exam.findings()).extracting(Finding::location).containsExactly("RXA(1)");
    assertThat(exam.report().orElseThrow().patients().get(0).immunizations()).hasSize(1);
    // Z-segments and unknown ids are not this rule's.
    assertThat(SegmentIdCase.of(TestMessages.oru().replace("\rSPM|", "\rzxx|1\rSPM|")).findings())
        .isEmpty();
  }
}
