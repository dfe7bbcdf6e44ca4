package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Hl7DecoderTest {

  static final String MSH = "MSH|^~\\&|APP|FAC|HUB|DOH|20261120||ORU^R01|C1|P|2.5.1";
  static final String PID = "PID|1||123^^^A^MR||Muñoz^José";

  static byte[] bytes(String s, Charset cs) {
    return s.getBytes(cs);
  }

  @Test
  void normalisesCrLfLfAndLoneCr() {
    for (String sep : new String[] {"\r\n", "\n", "\r"}) {
      DecodedMessage d =
          Hl7Decoder.decode(bytes(MSH + sep + "PID|1" + sep, StandardCharsets.UTF_8));
      assertThat(d.text()).isEqualTo(MSH + "\rPID|1");
    }
  }

  @Test
  void dropsBlankSegmentsAndTrailingJunk() {
    String raw = "\u000b" + MSH + "\r\n\r\n   \rPID|1  \n\u001a\u001c\r\n";
    assertThat(Hl7Decoder.decode(bytes(raw, StandardCharsets.UTF_8)).text())
        .isEqualTo(MSH + "\rPID|1");
  }

  @Test
  void cutsIndentationBeforeASegment() {
    String raw = "\r\n  " + MSH + "\r\n\tPID|1\r OBR|1|\r";
    assertThat(Hl7Decoder.decode(bytes(raw, StandardCharsets.UTF_8)).text())
        .isEqualTo(MSH + "\rPID|1\rOBR|1|");
  }

  @Test
  void stripsUtf8ByteOrderMark() {
    byte[] body = bytes(MSH + "\r" + PID, StandardCharsets.UTF_8);
    byte[] raw = new byte[body.length + 3];
    raw[0] = (byte) 0xEF;
    raw[1] = (byte) 0xBB;
    raw[2] = (byte) 0xBF;
    System.arraycopy(body, 0, raw, 3, body.length);
    DecodedMessage d = Hl7Decoder.decode(raw);
    assertThat(d.text()).startsWith("MSH|").endsWith("Muñoz^José");
    assertThat(d.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(d.source()).isEqualTo(CharsetSource.BYTE_ORDER_MARK);
  }

  @Test
  void decodesUtf16WithByteOrderMark() {
    DecodedMessage d = Hl7Decoder.decode(bytes(MSH + "\r" + PID, StandardCharsets.UTF_16));
    assertThat(d.text()).isEqualTo(MSH + "\r" + PID);
    assertThat(d.source()).isEqualTo(CharsetSource.BYTE_ORDER_MARK);
  }

  @Test
  void decodesUtf8DeclaredInMsh18() {
    String msg = MSH + "||||||UNICODE UTF-8\r" + PID;
    DecodedMessage d = Hl7Decoder.decode(bytes(msg, StandardCharsets.UTF_8));
    assertThat(d.text()).isEqualTo(msg);
    assertThat(d.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(d.source()).isEqualTo(CharsetSource.DECLARED);
  }

  @Test
  void decodesLatin1DeclaredInMsh18() {
    String msg = MSH + "||||||8859/1\r" + PID;
    DecodedMessage d = Hl7Decoder.decode(bytes(msg, StandardCharsets.ISO_8859_1));
    assertThat(d.text()).isEqualTo(msg);
    assertThat(d.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
  }

  @Test
  void fallsBackToWindows1252ForUndeclaredLatin1() {
    String msg = MSH + "\r" + PID;
    DecodedMessage d = Hl7Decoder.decode(bytes(msg, StandardCharsets.ISO_8859_1));
    assertThat(d.text()).isEqualTo(msg);
    assertThat(d.charset()).isEqualTo(Charset.forName("windows-1252"));
    assertThat(d.source()).isEqualTo(CharsetSource.DETECTED);
  }

  @Test
  void undeclaredUtf8IsDecodedStrictly() {
    DecodedMessage d = Hl7Decoder.decode(bytes(MSH + "\r" + PID, StandardCharsets.UTF_8));
    assertThat(d.text()).endsWith("Muñoz^José");
    assertThat(d.charset()).isEqualTo(StandardCharsets.UTF_8);
  }

  @Test
  void detectsWhenMsh18Lies() {
    String msg = MSH + "||||||UNICODE UTF-8\r" + PID;
    DecodedMessage d = Hl7Decoder.decode(bytes(msg, StandardCharsets.ISO_8859_1));
    assertThat(d.text()).isEqualTo(msg);
    assertThat(d.charset()).isEqualTo(Charset.forName("windows-1252"));
    assertThat(d.source()).isEqualTo(CharsetSource.DECLARED_NOT_MATCHING);
  }

  @Test
  void detectsWhenMsh18IsUnknown() {
    String msg = MSH + "||||||KLINGON\r" + PID;
    DecodedMessage d = Hl7Decoder.decode(bytes(msg, StandardCharsets.UTF_8));
    assertThat(d.text()).isEqualTo(msg);
    assertThat(d.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(d.source()).isEqualTo(CharsetSource.DECLARED_UNKNOWN);
  }

  @Test
  void readsMsh18FirstRepetitionOnly() {
    byte[] raw = bytes(MSH + "||||||8859/15~UNICODE UTF-8\rPID|1", StandardCharsets.US_ASCII);
    assertThat(Hl7Decoder.readMsh18(raw)).isEqualTo("8859/15");
    assertThat(Hl7Decoder.decode(raw).charset()).isEqualTo(Charset.forName("ISO-8859-15"));
  }

  @Test
  void mapsTable0211() {
    assertThat(Hl7Decoder.charsetFor("ASCII")).contains(StandardCharsets.US_ASCII);
    assertThat(Hl7Decoder.charsetFor(" unicode  utf-8 ")).contains(StandardCharsets.UTF_8);
    assertThat(Hl7Decoder.charsetFor("8859/1")).contains(StandardCharsets.ISO_8859_1);
    assertThat(Hl7Decoder.charsetFor("")).isEmpty();
    assertThat(Hl7Decoder.charsetFor("EBCDIC")).isEmpty();
  }

  @Test
  void neverThrows() {
    Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      byte[] raw = new byte[random.nextInt(300)];
      random.nextBytes(raw);
      if (i % 3 == 0 && raw.length > 4) {
        System.arraycopy("MSH|".getBytes(StandardCharsets.US_ASCII), 0, raw, 0, 4);
      }
      assertThat(Hl7Decoder.decode(raw)).isNotNull();
    }
    assertThat(Hl7Decoder.decode(null).text()).isEmpty();
    assertThat(Hl7Decoder.decode(new byte[0]).text()).isEmpty();
  }
}
