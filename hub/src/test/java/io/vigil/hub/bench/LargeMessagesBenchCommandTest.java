package io.vigil.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.Hl7v2Examiner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LargeMessagesBenchCommandTest {

  @Test
  void theLargeMessageIsTheOrdinaryOneWithAPdfResultBeforeItsSpecimenAndIsAccepted() {
    ElrMessageFactory factory =
        new ElrMessageFactory(7, "T1", 8, ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(5));
    byte[] frame = new byte[factory.maxFrameLength()];
    int length = factory.encodeFrame(3, frame);
    byte[] pdf = Base64.getEncoder().encode(new byte[300_000]);

    byte[] large = LargeMessagesBenchCommand.withDocument(frame, length, pdf);

    assertThat(large.length)
        .isEqualTo(
            length
                + pdf.length
                + "OBX|90|ED|11502-2^Laboratory report^LN||^AP^PDF^Base64^||||||F\r".length());
    assertThat(large[0]).isEqualTo((byte) 0x0B);
    assertThat(Arrays.copyOfRange(large, large.length - 2, large.length))
        .containsExactly(0x1C, 0x0D);
    String text = new String(large, 1, large.length - 3, StandardCharsets.ISO_8859_1);
    assertThat(text).contains("|" + factory.controlId(3) + "|");
    assertThat(text.indexOf("\rOBX|90|ED|")).isLessThan(text.indexOf("\rSPM|"));
    Examination exam =
        new Hl7v2Examiner(Clock.systemUTC()).examine(text.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(exam.findings()).isEmpty();
    assertThat(exam.disposition()).isEqualTo(Disposition.ACCEPT);
  }
}
