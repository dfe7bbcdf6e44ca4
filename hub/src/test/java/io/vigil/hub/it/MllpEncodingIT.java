package io.vigil.hub.it;

import static io.vigil.hub.it.MllpClient.ackCode;
import static io.vigil.hub.it.MllpClient.ackedControlId;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What real senders put in an MLLP frame besides plain ER7, against a real hub and PostgreSQL over
 * real sockets: line feeds, byte-order marks, Latin-1 and UTF-16 bytes, a leading line end, NUL
 * bytes and padded header fields. Each is answered and stored exactly as received.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MllpEncodingIT {
  @TempDir static Path dir;
  static HubFixture fixture;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    fixture = new HubFixture(dir);
    port = fixture.hub.mllpPort();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void acceptsLineFeedsAByteOrderMarkAndLatin1BytesAndStoresThemExactly() throws Exception {
    String message =
        TestMessages.elr("11D1111111", "LATIN-1").replace("Testpatient^Alice", "Müller^Zoë");
    byte[] latin1 = message.replace("\r", "\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] withBom = new byte[latin1.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(latin1, 0, withBom, 3, latin1.length);
    try (MllpClient client = new MllpClient(port)) {
      client.write(TestMessages.frame(withBom));
      String ack = client.readAck();
      assertThat(ackCode(ack)).isEqualTo("AA");
      assertThat(ackedControlId(ack)).isEqualTo("LATIN-1");
    }
    assertThat(fixture.payload("LATIN-1")).isEqualTo(withBom);
  }

  @Test
  void readsUtf16WithoutAByteOrderMarkAndAnswersInIt() throws Exception {
    // What Windows tools that save "Unicode" text send: UTF-16LE, no byte-order mark. Before, the
    // hub found no MSH in it and answered AR.
    String message =
        TestMessages.elr("11D1111111", "UTF16-LE").replace("Testpatient^Alice", "Müller^Zoë");
    byte[] utf16 = message.getBytes(StandardCharsets.UTF_16LE);
    try (MllpClient client = new MllpClient(port)) {
      client.write(TestMessages.frame(utf16));
      String ack =
          new String(
              client.readAck().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_16LE);
      assertThat(ack).startsWith("MSH|");
      assertThat(ackCode(ack)).isEqualTo("AA");
      assertThat(ackedControlId(ack)).isEqualTo("UTF16-LE");
    }
    assertThat(fixture.payload("UTF16-LE")).isEqualTo(utf16);
    assertThat(fixture.count("control_id = ? AND charset = 'UTF-16LE'", "UTF16-LE")).isEqualTo(1);
  }

  @Test
  void answersUtf16WithAByteOrderMarkInTheSameByteOrder() throws Exception {
    String message = "\uFEFF" + TestMessages.elr("11D1111111", "UTF16-LE-BOM");
    byte[] utf16 = message.getBytes(StandardCharsets.UTF_16LE);
    try (MllpClient client = new MllpClient(port)) {
      client.write(TestMessages.frame(utf16));
      byte[] ack = client.readAck().getBytes(StandardCharsets.ISO_8859_1);
      // Little-endian with its mark, as it came; it was answered big-endian.
      assertThat(Arrays.copyOf(ack, 4)).containsExactly(0xFF, 0xFE, 'M', 0);
      String text = new String(ack, StandardCharsets.UTF_16);
      assertThat(ackCode(text)).isEqualTo("AA");
      assertThat(ackedControlId(text)).isEqualTo("UTF16-LE-BOM");
    }
    assertThat(fixture.payload("UTF16-LE-BOM")).isEqualTo(utf16);
  }

  @Test
  void answersAFrameThatStartsWithALineEndAsOneMessage() throws Exception {
    // Before: the leading line end was sliced off as a "message" without MSH, and the frame was
    // answered with a batch acknowledgement holding an AR for it.
    String message = "\r\n" + TestMessages.elr("11D1111111", "LEADING-CRLF");
    long withoutControlId = fixture.count("control_id IS NULL");
    try (MllpClient client = new MllpClient(port)) {
      client.write(TestMessages.frame(message));
      String ack = client.readAck();
      assertThat(ack).startsWith("MSH|");
      assertThat(ackCode(ack)).isEqualTo("AA");
      assertThat(ackedControlId(ack)).isEqualTo("LEADING-CRLF");
    }
    assertThat(fixture.count("control_id IS NULL")).isEqualTo(withoutControlId);
    assertThat(fixture.payload("LEADING-CRLF")).isEqualTo(TestMessages.bytes(message));
  }

  @Test
  void storesAMessageWithNulBytesInItsHeaderAndRecognisesItsResend() throws Exception {
    // A NUL in MSH-4 or MSH-10 once made a message the database refused forever ("not stored,
    // send it again"): a resend loop. The text columns now carry U+FFFD, the payload the bytes.
    String message = TestMessages.elr("11D\u00001111111", "NUL\u00001");
    try (MllpClient client = new MllpClient(port)) {
      String ack = client.send(message);
      assertThat(ackCode(ack)).isEqualTo("AA");
      String replay = client.send(message);
      assertThat(ackCode(replay)).isEqualTo("AA");
    }
    assertThat(fixture.count("control_id = ?", "NUL\uFFFD1")).isEqualTo(1);
    assertThat(fixture.count("facility_id = ? AND sender_id IS NOT NULL", "11D\uFFFD1111111"))
        .as("registered and stored under the same facility id")
        .isEqualTo(1);
    assertThat(fixture.payload("NUL\uFFFD1")).isEqualTo(TestMessages.bytes(message));
  }

  @Test
  void echoesAPaddedControlIdInMsa2AndStoresItTrimmed() throws Exception {
    // Fixed-width exporters pad MSH-10; the engine matches MSA-2 to the bytes it sent.
    String message = TestMessages.elr("11D1111111", "  PADDED-1   ");
    try (MllpClient client = new MllpClient(port)) {
      String ack = client.send(message);
      assertThat(ackCode(ack)).isEqualTo("AA");
      assertThat(ack).contains("\rMSA|AA|  PADDED-1   \r");
      String replay = client.send(message);
      assertThat(replay).as("a resend gets the original acknowledgement").isEqualTo(ack);
    }
    assertThat(fixture.count("control_id = ?", "PADDED-1")).isEqualTo(1);
  }
}
