package io.vigil.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.Hl7v2Examiner;
import io.vigil.ingest.hl7v2.TestMessages;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * OBX-3 with OBX-4 is unique within an OBR (v2.5.1 7.4.2.4): the same pair again is the same
 * observation, an interface's duplicate, and counts once (an outside review found it counted as two
 * tests with two result keys).
 */
class DuplicateObservationTest {
  private static final Hl7v2Examiner EXAMINER =
      new Hl7v2Examiner(Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));

  /** The golden ORU with its result OBX sent twice, both with OBX-4 {@code subId}. */
  private static Examination twice(String subId) {
    String oru = TestMessages.set(TestMessages.oru(), "OBX", 1, 4, subId);
    String obx =
        java.util.Arrays.stream(oru.split("\r"))
            .filter(s -> s.startsWith("OBX|"))
            .findFirst()
            .orElseThrow();
    String doubled = oru.replace(obx, obx + "\r" + obx.replaceFirst("^OBX\\|1\\|", "OBX|2|"));
    return EXAMINER.examine(doubled.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theSameTestAndSubIdAgainIsOneObservation() {
    Examination e = twice("1");

    assertThat(e.findings()).extracting(Finding::code).containsExactly("OBX4_DUPLICATE");
    assertThat(e.findings().get(0).location()).isEqualTo("OBX(2)-4");
    assertThat(e.report().orElseThrow().patients().get(0).labResults()).hasSize(1);
  }

  /**
   * A lab that stamps sub-id 1 on every isolate: the second organism is another observation, read
   * as such (a skeptic's review found it dropped).
   */
  @Test
  void theSameSubIdWithAnotherValueIsAnotherObservation() {
    String oru = TestMessages.set(TestMessages.oru(), "OBX", 1, 4, "1");
    String obx =
        java.util.Arrays.stream(oru.split("\r"))
            .filter(s -> s.startsWith("OBX|"))
            .findFirst()
            .orElseThrow();
    String other =
        obx.replaceFirst("^OBX\\|1\\|", "OBX|2|")
            .replace("260373001^Detected^SCT", "260415000^Not detected^SCT");
    Examination e =
        EXAMINER.examine(oru.replace(obx, obx + "\r" + other).getBytes(StandardCharsets.UTF_8));

    assertThat(e.findings()).extracting(Finding::code).containsExactly("OBX4_DUPLICATE");
    assertThat(e.findings().get(0).message()).contains("read as another observation");
    assertThat(e.report().orElseThrow().patients().get(0).labResults()).hasSize(2);
  }

  /** Without sub-ids, two isolates under one OBX-3 stay two results (numbered), as before. */
  @Test
  void withoutASubIdTheyStayTwoResults() {
    Examination e = twice("");

    assertThat(e.findings()).extracting(Finding::code).containsExactly("OBX4_MISSING");
    assertThat(e.report().orElseThrow().patients().get(0).labResults()).hasSize(2);
  }
}
