package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class Hl7BatchTest {

  static final String M1 = "MSH|^~\\&|A|B|C|D|2026||ORU^R01|1|P|2.5.1\rPID|1\rOBX|1";
  static final String M2 = "MSH|^~\\&|A|B|C|D|2026||VXU^V04|2|P|2.5.1\rPID|2";
  static final String FHS = "FHS|^~\\&|LAB|FAC1|HUB|DOH|20261120||||F-1";
  static final String BHS = "BHS|^~\\&|LAB|FAC1|HUB|DOH|20261120||||B-7";

  @Test
  void splitsAFileBatch() {
    String text = String.join("\r", FHS, BHS, M1, M2, "BTS|2", "FTS|1");
    assertThat(Hl7Batch.isBatch(text)).isTrue();
    assertThat(Hl7Batch.split(text)).containsExactly(M1, M2);
  }

  @Test
  void splitsABatchWithoutFileHeaderAndWithLineFeeds() {
    String text = String.join("\n", BHS, M1, M2, "BTS|2") + "\n";
    assertThat(Hl7Batch.isBatch(text)).isTrue();
    assertThat(Hl7Batch.split(text)).containsExactly(M1, M2);
  }

  @Test
  void aPlainMessageIsItsOwnBatch() {
    assertThat(Hl7Batch.isBatch(M1)).isFalse();
    assertThat(Hl7Batch.split(M1)).containsExactly(M1);
    assertThat(Hl7Batch.readHeader(M1)).isEmpty();
  }

  @Test
  void emptyBatchHasNoMessages() {
    assertThat(Hl7Batch.split(String.join("\r", BHS, "BTS|0"))).isEmpty();
    assertThat(Hl7Batch.split("")).isEmpty();
    assertThat(Hl7Batch.split(null)).isEmpty();
  }

  @Test
  void aBareBatchHeaderWithoutFieldsIsStillAnEnvelope() {
    // Found by reviewing the batch fuzz target: RawBatch calls "FHS\r<MSH...>" a batch, and the
    // endpoint then failed (500) because readHeader found no envelope in a segment without fields.
    RawBatch raw = RawBatch.slice(String.join("\r", "FHS", M1, "FTS").getBytes());
    assertThat(raw.batch()).isTrue();
    Hl7Batch.BatchHeader h =
        Hl7Batch.readHeader(raw.fileHeader() + "\r" + raw.batchHeader()).orElseThrow();
    assertThat(h.fileHeader()).isTrue();
    assertThat(h.fieldSeparator()).isEqualTo('|');
    String ack =
        Hl7Batch.renderAck(
            h,
            List.of("MSH|^~\\&|ACK\rMSA|AA|1"),
            "B-1",
            Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    assertThat(ack).startsWith("FHS|^~\\&|").contains("\rBTS|1\r");
  }

  /** The envelope's echoed fields are ER7 as sent, but for control characters (hex escapes). */
  @Test
  void hexEscapesControlCharactersOfTheEchoedEnvelope() {
    Hl7Batch.BatchHeader h =
        Hl7Batch.readHeader(
                String.join(
                    "\r",
                    "BHS|^~\\&|LA\u001cB|FAC\u0085^05D1^CLIA|HUB|DOH|2026||||B\u000b7",
                    M1,
                    "BTS|1"))
            .orElseThrow();
    String ack =
        Hl7Batch.renderAck(
            h,
            List.of("MSH|a\rMSA|AA|1\r"),
            "ACKB-1",
            Clock.fixed(Instant.parse("2026-11-22T15:00:00Z"), ZoneOffset.UTC));
    assertThat(ack.split("\r")[0])
        .isEqualTo(
            "BHS|^~\\&|HUB|DOH|LA\\X1C\\B|FAC\\X85\\^05D1^CLIA|20261122150000+0000||||ACKB-1"
                + "|B\\X0B\\7");
  }

  @Test
  void readsTheEnvelope() {
    Hl7Batch.BatchHeader h =
        Hl7Batch.readHeader(String.join("\r", FHS, BHS, M1, "BTS|1", "FTS|1")).orElseThrow();
    assertThat(h.fileHeader()).isTrue();
    assertThat(h.sendingApplication()).isEqualTo("LAB");
    assertThat(h.receivingFacility()).isEqualTo("DOH");
    assertThat(h.fileControlId()).isEqualTo("F-1");
    assertThat(h.batchControlId()).isEqualTo("B-7");
  }

  @Test
  void rendersTheBatchAcknowledgement() {
    Hl7Batch.BatchHeader h =
        Hl7Batch.readHeader(String.join("\r", FHS, BHS, M1, M2, "BTS|2", "FTS|1")).orElseThrow();
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T15:00:00Z"), ZoneOffset.UTC);
    String ack =
        Hl7Batch.renderAck(h, List.of("MSH|a\rMSA|AA|1\r", "MSH|b\rMSA|AE|2"), "ACKB-1", clock);
    assertThat(ack.split("\r"))
        .containsExactly(
            "FHS|^~\\&|HUB|DOH|LAB|FAC1|20261122150000+0000||||ACKB-1|F-1",
            "BHS|^~\\&|HUB|DOH|LAB|FAC1|20261122150000+0000||||ACKB-1|B-7",
            "MSH|a",
            "MSA|AA|1",
            "MSH|b",
            "MSA|AE|2",
            "BTS|2",
            "FTS|1");
    assertThat(ack).endsWith("FTS|1\r");
  }

  @Test
  void impliesTheEnvelopeOfMessagesSentWithoutOneFromTheFirstHeader() {
    Hl7Batch.BatchHeader h = Hl7Batch.impliedHeader("MSH#$%*@#APP#LAB#HUB#DOH#2025#\nPID#1\n");
    assertThat(h.fieldSeparator()).isEqualTo('#');
    assertThat(h.encodingCharacters()).isEqualTo("$%*@");
    assertThat(h.fileHeader()).isFalse();
    assertThat(List.of(h.sendingApplication(), h.sendingFacility(), h.receivingApplication()))
        .containsExactly("APP", "LAB", "HUB");
    assertThat(h.batchControlId()).isEmpty();
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T15:00:00Z"), ZoneOffset.UTC);
    assertThat(Hl7Batch.renderAck(h, List.of("MSH#x\rMSA#AA#1\r"), "ACKB-2", clock))
        .startsWith("BHS#$%*@#HUB#DOH#APP#LAB#")
        .endsWith("BTS#1\r");
    assertThat(Hl7Batch.impliedHeader("not hl7").fieldSeparator()).isEqualTo('|');
  }

  @Test
  void putsTheHubsCommentOnTheBatchInBts2() {
    Hl7Batch.BatchHeader h = Hl7Batch.readHeader(String.join("\r", BHS, M1, "BTS|3")).orElseThrow();
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T15:00:00Z"), ZoneOffset.UTC);
    String ack = Hl7Batch.renderAck(h, List.of("MSH|a\rMSA|AA|1\r"), "X", clock, "3 | 1");
    assertThat(ack).endsWith("\rBTS|1|3 \\F\\ 1\r");
  }

  @Test
  void batchAcknowledgementWithoutFileHeader() {
    Hl7Batch.BatchHeader h = Hl7Batch.readHeader(String.join("\r", BHS, M1, "BTS|1")).orElseThrow();
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T15:00:00Z"), ZoneOffset.UTC);
    String ack = Hl7Batch.renderAck(h, List.of(), "X", clock);
    assertThat(ack).startsWith("BHS|").endsWith("BTS|0\r").doesNotContain("FHS", "FTS");
  }
}
