package io.vigil.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.Hl7v2Examiner;
import io.vigil.ingest.hl7v2.TestMessages;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A value sent as CWE-9 original text only, the ELR guide's "coded with exceptions" way of sending
 * what the lab has not coded (Epic Beaker's specimen type {@code ^^^^^^^^Urine}): it is text
 * without a code, not a missing value.
 */
class OriginalTextTest {
  private static final Hl7v2Examiner EXAMINER =
      new Hl7v2Examiner(Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));

  private static Examination examine(String message) {
    return EXAMINER.examine(message.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSpecimenTypeInOriginalTextIsUncodedNotMissing() {
    Examination e = examine(TestMessages.set(TestMessages.oru(), "SPM", 1, 4, "^^^^^^^^Urine"));

    assertThat(e.disposition()).isEqualTo(Disposition.ACCEPT);
    assertThat(e.findings()).extracting(Finding::code).contains("SPM4_NOT_CODED");
    assertThat(e.findings()).extracting(Finding::code).doesNotContain("SPM4_MISSING");
    // Nothing at all is still missing.
    Examination empty = examine(TestMessages.set(TestMessages.oru(), "SPM", 1, 4, ""));
    assertThat(empty.findings()).extracting(Finding::code).contains("SPM4_MISSING");
  }

  /** Under OBX-2 CE, which has six components, the text sits beyond the type's components. */
  @Test
  void aResultInOriginalTextIsUncodedNotEmpty() {
    for (String type : new String[] {"CWE", "CE"}) {
      String oru = TestMessages.set(TestMessages.oru(), "OBX", 1, 2, type);
      Examination e = examine(TestMessages.set(oru, "OBX", 1, 5, "^^^^^^^^Detected"));

      assertThat(e.findings()).extracting(Finding::code).as(type).contains("OBX5_NOT_CODED");
      assertThat(e.findings()).extracting(Finding::code).as(type).doesNotContain("OBX5_MISSING");
    }
  }
}
