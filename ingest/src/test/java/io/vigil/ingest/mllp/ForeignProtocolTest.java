package io.vigil.ingest.mllp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForeignProtocolTest {

  static Optional<ForeignProtocol> sniff(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return ForeignProtocol.sniff(b, b.length);
  }

  @Test
  void mllpAndUnknownBytesAreNotJudged() {
    assertThat(sniff("\u000bMSH|^~\\&|")).isEmpty();
    assertThat(sniff("\r\n\u000bMSH|")).isEmpty();
    assertThat(sniff("hello")).isEmpty();
    assertThat(sniff("")).isEmpty();
    assertThat(sniff("GE")).as("too short to tell").isEmpty();
  }

  @Test
  void recognisesATlsClientHello() {
    // TLS 1.0-1.3 ClientHello records begin 0x16 0x03 0x01 (1.3 keeps the 1.0 record version).
    byte[] hello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};
    assertThat(ForeignProtocol.sniff(hello, hello.length)).contains(ForeignProtocol.TLS);
    assertThat(ForeignProtocol.TLS.closes()).isTrue();
    byte[] notTls = {0x16, 0x04, 0x01};
    assertThat(ForeignProtocol.sniff(notTls, notTls.length)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"GET / HTTP/1.1\r\n", "POST /api/v1/hl7v2 HTTP/1.1\r\n", "PRI * HTTP/2.0\r\n"})
  void recognisesAnHttpRequest(String line) {
    assertThat(sniff(line)).contains(ForeignProtocol.HTTP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"MSH|^~\\&|LAB", "\r\nMSH|^~\\&|", "\u00ef\u00bb\u00bfMSH|", "FHS|^~\\&"})
  void recognisesBareHl7(String start) {
    assertThat(sniff(start)).contains(ForeignProtocol.UNFRAMED_HL7);
    assertThat(ForeignProtocol.UNFRAMED_HL7.closes()).as("a frame may still follow").isFalse();
  }

  @Test
  void theHttpAnswerIsAWellFormedResponse() {
    String reply = new String(ForeignProtocol.HTTP_REPLY, StandardCharsets.US_ASCII);
    String body = reply.substring(reply.indexOf("\r\n\r\n") + 4);
    assertThat(reply).startsWith("HTTP/1.1 400 ").contains("Connection: close\r\n");
    assertThat(reply).contains("Content-Length: " + body.length() + "\r\n");
  }
}
