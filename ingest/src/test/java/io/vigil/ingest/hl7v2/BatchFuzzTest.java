package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.ack.AckWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the FHS/BHS batch path of {@code POST /api/v1/hl7v2}: slicing the body into the exact
 * bytes of each message ({@link RawBatch}), the text-level split and envelope reading ({@link
 * Hl7Batch}), and the batch acknowledgement. Properties: nothing throws; the slices are disjoint,
 * in order, and inside the body; a body the slicer calls a batch always has a readable envelope
 * (the endpoint relies on it); and the batch ACK has one BTS whose count is the number of ACKs.
 */
class BatchFuzzTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);
  private static final AckWriter ACKS = new AckWriter(CLOCK);

  @FuzzTest
  void batchesSliceAndAcknowledge(byte[] body) {
    if (body.length == 0) {
      return; // the endpoint answers EMPTY_BODY before slicing
    }
    RawBatch batch = RawBatch.slice(body);
    long total = 0;
    for (byte[] message : batch.messages()) {
      assertThat(message).isNotEmpty();
      total += message.length;
    }
    assertThat(total).isLessThanOrEqualTo(body.length);
    if (!batch.batch()) {
      assertThat(batch.messages()).isNotEmpty();
    }

    List<String> acks = new ArrayList<>();
    for (byte[] message : batch.messages()) {
      DecodedMessage decoded = Hl7Decoder.decode(message);
      acks.add(ACKS.render(MshReader.read(decoded.text()), AckCode.AA, List.of(), "A"));
    }
    if (batch.batch()) {
      // What Hl7v2Endpoint does to answer a batch.
      Hl7Batch.BatchHeader header =
          Hl7Batch.readHeader(batch.fileHeader() + "\r" + batch.batchHeader()).orElseThrow();
      String ack = Hl7Batch.renderAck(header, acks, "B-ACK", CLOCK);
      assertThat(Hl7Batch.isBatch(ack)).isTrue();
      String bts =
          Er7.segments(ack).stream().filter(s -> s.startsWith("BTS")).findFirst().orElseThrow();
      assertThat(Er7.split(bts, bts.charAt(3)).get(1)).isEqualTo(String.valueOf(acks.size()));
    }

    String text = Hl7Decoder.decode(body).text();
    for (String message : Hl7Batch.split(text)) {
      assertThat(message).startsWith("MSH");
    }
    Hl7Batch.readHeader(text);
  }
}
