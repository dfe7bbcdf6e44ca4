package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawBatchTest {
  private static final String M1 = "MSH|^~\\&|A|LAB|||20250101||ORU^R01|1|P|2.5.1\rPID|1\r";
  private static final String M2 = "MSH|^~\\&|A|LAB|||20250101||ORU^R01|2|P|2.5.1\rPID|1\r";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void singleMessageIsKeptByteForByte() {
    RawBatch b = RawBatch.slice(bytes(M1));
    assertThat(b.batch()).isFalse();
    assertThat(b.messages()).hasSize(1);
    assertThat(text(b.messages().get(0))).isEqualTo(M1);
  }

  @Test
  void tellsASingleMessageFromSeveralWithoutCopying() {
    assertThat(RawBatch.isSingleMessage(bytes(M1))).isTrue();
    assertThat(RawBatch.isSingleMessage(bytes(M1.replace("\r", "\r\n")))).isTrue();
    assertThat(RawBatch.isSingleMessage(bytes("MSH|^~\\&|A|LAB|||1||ORU^R01|MSH|P|2.5.1\r")))
        .as("MSH inside a segment is not a segment")
        .isTrue();
    assertThat(RawBatch.isSingleMessage(bytes(M1 + M2))).isFalse();
    assertThat(RawBatch.isSingleMessage(bytes((M1 + M2).replace("\r", "\n")))).isFalse();
    assertThat(RawBatch.isSingleMessage(bytes("BHS|^~\\&\r" + M1 + "BTS|1\r"))).isFalse();
    assertThat(RawBatch.isSingleMessage(bytes("FHS|^~\\&\r"))).isFalse();
    byte[] bom = bytes("xxxBHS|^~\\&\r" + M1);
    bom[0] = (byte) 0xEF;
    bom[1] = (byte) 0xBB;
    bom[2] = (byte) 0xBF;
    assertThat(RawBatch.isSingleMessage(bom)).as("batch after a byte-order mark").isFalse();
  }

  @Test
  void batchIsSlicedIntoExactMessageBytes() {
    String body = "FHS|^~\\&|A|LAB\rBHS|^~\\&|A|LAB\r" + M1 + M2 + "BTS|2\rFTS|1\r";
    RawBatch b = RawBatch.slice(bytes(body));
    assertThat(b.batch()).isTrue();
    assertThat(b.fileHeader()).isEqualTo("FHS|^~\\&|A|LAB");
    assertThat(b.batchHeader()).isEqualTo("BHS|^~\\&|A|LAB");
    assertThat(b.messages()).extracting(RawBatchTest::text).containsExactly(M1, M2);
  }

  @Test
  void crlfLineEndsStayInTheStoredBytes() {
    String m1 = M1.replace("\r", "\r\n");
    String m2 = M2.replace("\r", "\r\n");
    RawBatch b = RawBatch.slice(bytes("BHS|^~\\&\r\n" + m1 + m2 + "BTS|2\r\n"));
    assertThat(b.messages()).extracting(RawBatchTest::text).containsExactly(m1, m2);
  }

  @Test
  void utf8ByteOrderMarkIsSkippedForSlicing() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = new byte[bom.length + M1.length()];
    System.arraycopy(bom, 0, body, 0, 3);
    System.arraycopy(bytes(M1), 0, body, 3, M1.length());
    RawBatch b = RawBatch.slice(body);
    assertThat(b.messages()).extracting(RawBatchTest::text).containsExactly(M1);
  }

  @Test
  void blankLinesAndIndentationAreNotMessagesOfTheirOwn() {
    // Found running public samples: a file that starts with a line end was answered as a batch
    // of two, the first an empty "message" rejected for having no MSH.
    for (String lead :
        new String[] {"\r\n", "\n", "\r\n\r\n", " \n", "\t", "\n\u00ef\u00bb\u00bf"}) {
      byte[] body = bytes(lead + M1);
      assertThat(RawBatch.isSingleMessage(body)).as("single after %s", lead).isTrue();
      RawBatch b = RawBatch.slice(body);
      assertThat(b.batch()).isFalse();
      assertThat(b.messages()).extracting(RawBatchTest::text).containsExactly(M1);
    }
    String batch =
        "\r\nFHS|^~\\&|A|LAB\r\n\r\nBHS|^~\\&|A|LAB\r\n" + M1 + "\r\n  " + M2 + "\nBTS|2\n";
    assertThat(RawBatch.isSingleMessage(bytes(batch))).isFalse();
    RawBatch b = RawBatch.slice(bytes(batch));
    assertThat(b.batch()).isTrue();
    assertThat(b.fileHeader()).isEqualTo("FHS|^~\\&|A|LAB");
    assertThat(b.messages()).extracting(RawBatchTest::text).containsExactly(M1 + "\r\n", M2 + "\n");
    assertThat(RawBatch.isSingleMessage(bytes(M1 + "\r\n  " + M2)))
        .as("an indented second MSH is still a second message")
        .isFalse();
  }

  @Test
  void readsTheMessageCountTheTrailersDeclare() {
    String two = "BHS|^~\\&\r" + M1 + M2;
    assertThat(RawBatch.slice(bytes(two + "BTS|2\r")).countMismatch()).isFalse();
    RawBatch truncated = RawBatch.slice(bytes("FHS|^~\\&\r" + two + "BTS|5|note\rFTS|1\r"));
    assertThat(truncated.declaredCount()).isEqualTo(5);
    assertThat(truncated.countMismatch()).isTrue();
    // Two batches in one file: their counts add up.
    String file = "FHS|^~\\&\rBHS|^~\\&\r" + M1 + "BTS|1\rBHS|^~\\&\r" + M2 + "BTS|1\rFTS|2\r";
    assertThat(RawBatch.slice(bytes(file)).declaredCount()).isEqualTo(2);
    // No count, or not a number: nothing declared, nothing to compare.
    for (String trailer : new String[] {"BTS\r", "BTS|\r", "BTS|x\r", "BTS", "BTS|2x\r"}) {
      RawBatch b = RawBatch.slice(bytes(two + trailer));
      assertThat(b.declaredCount()).as(trailer).isEqualTo(RawBatch.NOT_DECLARED);
      assertThat(b.countMismatch()).isFalse();
    }
  }

  /**
   * A file saved as Windows "Unicode" (UTF-16, with or without a mark) with several messages or a
   * batch: sliced on its two-byte units, each message's bytes as received. Sliced on bytes, it was
   * one message (the second patient's dose counted under the first) or refused.
   */
  @Test
  void slicesUtf16OnItsCodeUnits() {
    String file = "FHS|^~\\&|A|LAB\rBHS|^~\\&|A|LAB\r" + M1 + M2 + "BTS|2\rFTS|1\r";
    for (java.nio.charset.Charset cs :
        new java.nio.charset.Charset[] {
          StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16
        }) {
      byte[] body = file.getBytes(cs); // UTF_16 writes a big-endian byte-order mark
      RawBatch b = RawBatch.slice(body);
      assertThat(b.batch()).as(cs.name()).isTrue();
      assertThat(b.batchHeader()).isEqualTo("BHS|^~\\&|A|LAB");
      assertThat(b.declaredCount()).isEqualTo(2);
      assertThat(b.messages())
          .extracting(m -> Hl7Decoder.decode(m).text())
          .containsExactly(M1.strip(), M2.strip());
      assertThat(RawBatch.isSingleMessage(body)).isFalse();
      assertThat(RawBatch.isSingleMessage((M1 + "OBX|1\r").getBytes(cs))).isTrue();
      RawBatch backToBack = RawBatch.slice((M1 + M2).getBytes(cs));
      assertThat(backToBack.messages()).hasSize(2);
    }
    // Each message's bytes are the file's own: the second message of a little-endian file.
    byte[] le = (M1 + M2).getBytes(StandardCharsets.UTF_16LE);
    assertThat(RawBatch.slice(le).messages().get(1))
        .isEqualTo(M2.getBytes(StandardCharsets.UTF_16LE));
  }

  @Test
  void anEmptyBatchIsABatchAndACutOneIsTold() {
    RawBatch empty = RawBatch.slice(bytes("FHS|^~\\&\rBHS|^~\\&\rBTS|0\rFTS|1\r"));
    assertThat(empty.batch()).isTrue();
    assertThat(empty.messages()).isEmpty();
    assertThat(empty.countMismatch()).isFalse();
    assertThat(empty.trailed()).isTrue();
    assertThat(RawBatch.slice(bytes("BHS|^~\\&\r" + M1 + M2)).trailed()).isFalse();
    assertThat(RawBatch.slice(bytes("BHS|^~\\&\r" + M1 + "BTS|1\r")).trailed()).isTrue();
    assertThat(RawBatch.slice(bytes(M1 + M2)).trailed())
        .as("no envelope, no trailer owed")
        .isTrue();
  }

  @Test
  void bodyWithoutMshIsOneMessageForTheExaminerToReject() {
    RawBatch b = RawBatch.slice(bytes("hello world"));
    assertThat(b.messages()).hasSize(1);
    assertThat(text(b.messages().get(0))).isEqualTo("hello world");
  }
}
