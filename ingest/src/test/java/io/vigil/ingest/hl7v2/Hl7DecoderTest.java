package io.vigil.ingest.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
  void cutsANoBreakSpaceBeforeOrAfterASegment() {
    // Pasted from a web page or a word processor.
    String raw = MSH + "\r\u00A0PID|1\u00A0\r\u00A0 OBR|1|";
    assertThat(Hl7Decoder.decode(bytes(raw, StandardCharsets.UTF_8)).text())
        .isEqualTo(MSH + "\rPID|1\rOBR|1|");
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

  /** The answer goes back in the byte order the message came in, with a mark. */
  @Test
  void answersUtf16WithAByteOrderMarkInTheSameByteOrder() {
    Charset le = Hl7Decoder.decode(bytes("\uFEFF" + MSH, StandardCharsets.UTF_16LE)).charset();
    assertThat("MS".getBytes(le)).containsExactly(0xFF, 0xFE, 'M', 0, 'S', 0);
    Charset be = Hl7Decoder.decode(bytes("\uFEFF" + MSH, StandardCharsets.UTF_16BE)).charset();
    assertThat("MS".getBytes(be)).containsExactly(0xFE, 0xFF, 0, 'M', 0, 'S');
    DecodedMessage d =
        Hl7Decoder.decode(bytes("\uFEFF" + MSH + "\r" + PID, StandardCharsets.UTF_16LE));
    assertThat(d.text()).isEqualTo(MSH + "\r" + PID);
    assertThat(d.source()).isEqualTo(CharsetSource.BYTE_ORDER_MARK);
  }

  @ParameterizedTest
  @CsvSource({"UTF-16LE", "UTF-16BE"})
  void detectsUtf16WithoutAByteOrderMarkFromTheFirstSegmentId(String charset) {
    Charset cs = Charset.forName(charset);
    for (String lead : new String[] {"", "\r\n", " \t"}) {
      DecodedMessage d = Hl7Decoder.decode(bytes(lead + MSH + "\r" + PID + "\r", cs));
      assertThat(d.text()).isEqualTo(MSH + "\r" + PID);
      assertThat(d.charset()).isEqualTo(cs);
      assertThat(d.source()).isEqualTo(CharsetSource.DETECTED);
    }
    String batch = "FHS|^~\\&|APP\rBHS|^~\\&\r" + MSH + "\rBTS|1\rFTS|1";
    assertThat(Hl7Decoder.decode(bytes(batch, cs)).charset()).isEqualTo(cs);
  }

  @Test
  void takesNothingElseForUtf16() {
    assertThat(Hl7Decoder.utf16WithoutMark(bytes(MSH, StandardCharsets.UTF_8))).isEmpty();
    // NUL padding before an ASCII message, a segment id with a lower-case letter, too short.
    assertThat(Hl7Decoder.utf16WithoutMark(bytes("\0\0\0\0" + MSH, StandardCharsets.UTF_8)))
        .isEmpty();
    assertThat(Hl7Decoder.utf16WithoutMark(bytes("MsH|", StandardCharsets.UTF_16LE))).isEmpty();
    assertThat(Hl7Decoder.utf16WithoutMark(bytes("MS", StandardCharsets.UTF_16LE))).isEmpty();
    assertThat(Hl7Decoder.decode(bytes("\0\0" + MSH, StandardCharsets.UTF_8)).charset())
        .isEqualTo(StandardCharsets.UTF_8);
  }

  /**
   * MSH-18 as sent, the charset the bytes are really in, and what the decoder should make of it.
   */
  @ParameterizedTest
  @CsvSource({
    "UNICODE UTF-8, UTF-8, UTF-8, DECLARED",
    // Windows systems declare 8859/1: read as its superset windows-1252 (quotes in 0x80-0x9F).
    "8859/1, ISO-8859-1, windows-1252, DECLARED",
    "ISO-8859-1, ISO-8859-1, windows-1252, DECLARED",
    "windows-1252, windows-1252, windows-1252, DECLARED",
    "'', ISO-8859-1, windows-1252, DETECTED",
    "'', UTF-8, UTF-8, DETECTED",
    "UNICODE UTF-8, ISO-8859-1, windows-1252, DECLARED_NOT_MATCHING",
    "KLINGON, UTF-8, UTF-8, DECLARED_UNKNOWN",
    // An interface moved to UTF-8 with its header still saying Latin-1: Muñoz, not MuÃ±oz.
    "8859/1, UTF-8, UTF-8, DECLARED_SINGLE_BYTE_SENT_UTF8",
    "8859/15, UTF-8, UTF-8, DECLARED_SINGLE_BYTE_SENT_UTF8"
  })
  void decodesAsMsh18SaysWhenTheBytesAgreeAndDetectsOtherwise(
      String msh18, String sentIn, String readAs, CharsetSource source) {
    String msg = (msh18.isEmpty() ? MSH : MSH + "||||||" + msh18) + "\r" + PID;
    DecodedMessage d = Hl7Decoder.decode(bytes(msg, Charset.forName(sentIn)));
    assertThat(d.text()).isEqualTo(msg).endsWith("Muñoz^José");
    assertThat(d.charset()).isEqualTo(Charset.forName(readAs));
    assertThat(d.source()).isEqualTo(source);
  }

  /**
   * UTF-8 with one stray single-byte character (a Latin-1 degree sign in a comment, a name cut
   * mid-character): the UTF-8 stays UTF-8, the stray byte is read as windows-1252, whatever MSH-18
   * says; read whole as windows-1252, Muñoz became MuÃ±oz, another person.
   */
  @ParameterizedTest
  @CsvSource({"''", "UNICODE UTF-8"})
  void readsUtf8WithAStrayByteAsUtf8AndTheByteAsWindows1252(String msh18) {
    String head = (msh18.isEmpty() ? MSH : MSH + "||||||" + msh18) + "\r" + PID + "\rNTE|1|L|";
    byte[] utf8 = bytes(head, StandardCharsets.UTF_8);
    byte[] raw = java.util.Arrays.copyOf(utf8, utf8.length + 3);
    raw[utf8.length] = '4';
    raw[utf8.length + 1] = (byte) 0xB0; // ° in Latin-1 and windows-1252
    raw[utf8.length + 2] = 'C';

    DecodedMessage d = Hl7Decoder.decode(raw);

    assertThat(d.text()).isEqualTo(head + "4°C").contains("Muñoz^José");
    assertThat(d.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(d.source()).isEqualTo(CharsetSource.MIXED);
    // A name cut inside its last character keeps the rest of the message as UTF-8.
    byte[] cut = bytes(MSH + "\r" + PID, StandardCharsets.UTF_8);
    cut = java.util.Arrays.copyOf(cut, cut.length - 1);
    assertThat(Hl7Decoder.decode(cut).text()).contains("Muñoz^Jos\u00c3");
  }

  /**
   * Single-byte text in which two letters happen to form a UTF-8 pair ("É" then a no-break space
   * are C9 A0, "ɠ" in UTF-8) is single-byte text: read as MSH-18 declares it, or as windows-1252
   * without MSH-18, not as UTF-8 with stray bytes (the patient became another person).
   */
  @Test
  void singleByteTextWithAnAccidentalUtf8PairStaysSingleByte() {
    String pid = "PID|1||123^^^A^MR||IBÁÑEZ^JOSÉ\u00A0LUIS";
    for (String msh18 : new String[] {"||||||8859/1", ""}) {
      DecodedMessage d =
          Hl7Decoder.decode(bytes(MSH + msh18 + "\r" + pid, StandardCharsets.ISO_8859_1));
      assertThat(d.text()).as(msh18).endsWith("IBÁÑEZ^JOSÉ\u00A0LUIS");
      assertThat(d.source()).isNotEqualTo(CharsetSource.MIXED);
    }
  }

  @Test
  void readsSingleByteTextAfterAUtf8MarkAsMsh18SaysNotAsReplacementCharacters() {
    byte[] mark = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    for (String msh18 : new String[] {"", "||||||8859/1"}) {
      byte[] latin1 = bytes(MSH + msh18 + "\r" + PID, StandardCharsets.ISO_8859_1);
      byte[] raw = new byte[mark.length + latin1.length];
      System.arraycopy(mark, 0, raw, 0, 3);
      System.arraycopy(latin1, 0, raw, 3, latin1.length);

      DecodedMessage d = Hl7Decoder.decode(raw);

      assertThat(d.text()).as(msh18).endsWith("Muñoz^José");
      assertThat(d.source()).isEqualTo(CharsetSource.MIXED);
    }
    // A plain UTF-8 file with a mark is what it says.
    byte[] utf8 = bytes("\uFEFF" + MSH + "\r" + PID, StandardCharsets.UTF_8);
    assertThat(Hl7Decoder.decode(utf8).source()).isEqualTo(CharsetSource.BYTE_ORDER_MARK);
    assertThat(Hl7Decoder.decode(utf8).text()).endsWith("Muñoz^José");
  }

  @Test
  void countsUtf8SequencesByRfc3629() {
    assertThat(Utf8Text.Scan.of(bytes("aé€😀", StandardCharsets.UTF_8), 0))
        .isEqualTo(new Utf8Text.Scan(3, 0));
    // Overlong "/" (C0 AF), a lone continuation byte, a surrogate (ED A0 80), a cut sequence.
    byte[] bad = {
      (byte) 0xC0,
      (byte) 0xAF,
      (byte) 0x80,
      (byte) 0xED,
      (byte) 0xA0,
      (byte) 0x80,
      (byte) 0xE2,
      (byte) 0x82
    };
    assertThat(Utf8Text.Scan.of(bad, 0)).isEqualTo(new Utf8Text.Scan(0, 8));
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
    assertThat(Hl7Decoder.charsetFor("iso-8859-1")).contains(StandardCharsets.ISO_8859_1);
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

  @Test
  void returnsANormalMessageAsItIsAndAgreesWithRebuildingOnAnyText() {
    String normal = "MSH|^~\\&|A\rPID|1\rOBX|1|ED|^AP^PDF^Base64^JVBE";
    assertThat(Hl7Decoder.normaliseSegments(normal)).isSameAs(normal);
    assertThat(Hl7Decoder.normaliseSegments(normal + "\r")).isEqualTo(normal);
    char[] alphabet = {'M', 'S', '|', '^', '\r', '\n', ' ', '\t', '\u001a', '\uFEFF', '\u00e9'};
    java.util.Random random = new java.util.Random(42);
    for (int round = 0; round < 200_000; round++) {
      char[] text = new char[random.nextInt(12)];
      for (int i = 0; i < text.length; i++) {
        text[i] = alphabet[random.nextInt(alphabet.length)];
      }
      String t = new String(text);
      assertThat(Hl7Decoder.normaliseSegments(t))
          .as("%s", t.chars().mapToObj(Integer::toHexString).toList())
          .isEqualTo(Hl7Decoder.rebuildSegments(t));
    }
  }

  @Test
  void readsPlainAsciiTheSameWhateverAsciiCompatibleCharsetIsDeclared() {
    for (String msh18 : new String[] {"", "UNICODE UTF-8", "8859/1", "ASCII"}) {
      String message = "MSH|^~\\&|A|B|||20261122||ORU^R01|1|P|2.5.1|||||||" + msh18 + "\rPID|1";
      DecodedMessage d = Hl7Decoder.decode(message.getBytes(StandardCharsets.US_ASCII));
      assertThat(d.text()).as(msh18).isEqualTo(message);
    }
  }
}
