package io.vigil.ingest.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ServerTlsRefusalTest {

  @Test
  void aPlainTextRecordOnTheTlsPortIsNamedWithoutTheBytesNettyQuotes() {
    // Netty's message is the received record in hex: here "MSH|^~\&|" and a patient's name.
    String hex = "0b4d53487c5e7e5c267c4d756e6f7a";
    NotSslRecordException e = new NotSslRecordException("not an SSL/TLS record: " + hex);
    assertThat(ServerTls.describeRefusal(e))
        .contains("plain-text bytes on the TLS port")
        .doesNotContain(hex);
    assertThat(ServerTls.describeRefusal(new DecoderException(e))).doesNotContain(hex);
  }

  @Test
  void tlsFailuresKeepTheirOwnWordingOtherErrorsOnlyTheirType() {
    assertThat(ServerTls.describeRefusal(new SSLHandshakeException("Certificate revoked")))
        .isEqualTo("error: SSLHandshakeException: Certificate revoked");
    assertThat(ServerTls.describeRefusal(new IllegalStateException("MSH|^~\\&|LAB|Doe^Jane")))
        .isEqualTo("error: IllegalStateException");
  }
}
