package io.vigil.ingest.tls;

import io.netty.handler.ssl.NotSslRecordException;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TCPSSLOptions;
import io.vertx.core.net.TrustOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * TLS for the hub's listeners: PEM certificate and key, TLS 1.2 and 1.3 only, and with TLS 1.2 only
 * forward-secret AEAD cipher suites; optionally client certificates (mTLS) from a given CA, with
 * its CRL honoured.
 */
public final class ServerTls {
  /** Older protocols are off: SSLv3, TLS 1.0 and 1.1 are broken or deprecated (RFC 8996). */
  public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  /**
   * TLS 1.3 suites plus TLS 1.2 ECDHE with AES-GCM or ChaCha20-Poly1305 (no CBC, RSA key exchange,
   * 3DES, RC4, export or anonymous suites), as the Mozilla "intermediate" profile.
   */
  public static final List<String> CIPHER_SUITES =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private ServerTls() {}

  /** Turns TLS on for {@code options} when both paths are set; leaves it off otherwise. */
  public static void apply(TCPSSLOptions options, Path certPath, Path keyPath) {
    if (certPath == null || keyPath == null) {
      return;
    }
    options
        .setSsl(true)
        .setEnabledSecureTransportProtocols(PROTOCOLS)
        .setKeyCertOptions(
            new PemKeyCertOptions()
                .setCertPath(certPath.toString())
                .setKeyPath(keyPath.toString()));
    CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
  }

  /**
   * Requires a client certificate issued by {@code caPath} (PEM), refusing those listed in {@code
   * crlPath} when set; each certificate refused is logged with its subject and the peer ({@link
   * ClientCertificateTrust}). Call after {@link #apply}.
   */
  public static void requireClientCertificates(
      NetServerOptions options, Path caPath, Path crlPath) {
    options
        .setClientAuth(ClientAuth.REQUIRED)
        .setTrustOptions(TrustOptions.wrap(ClientCertificateTrust.of(caPath, crlPath)));
  }

  /**
   * What to log of a connection that failed before it was accepted. Netty's "not an SSL/TLS record"
   * quotes the bytes received in hex, which are a message with its patient: only the TLS layer's
   * own wording (a revoked or missing certificate, no shared cipher) is kept.
   */
  public static String describeRefusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NotSslRecordException) {
        return "error: plain-text bytes on the TLS port: the sender must connect with TLS";
      }
    }
    String name = e.getClass().getSimpleName();
    return e instanceof SSLException && e.getMessage() != null
        ? "error: " + name + ": " + e.getMessage()
        : "error: " + name;
  }
}
