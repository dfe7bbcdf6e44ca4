package io.vigil.ingest.tls;

import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TCPSSLOptions;
import java.nio.file.Path;
import java.util.Set;

/** TLS for the hub's listeners: PEM certificate and key, TLS 1.2 and 1.3 only. */
public final class ServerTls {
  /** Older protocols are off: SSLv3, TLS 1.0 and 1.1 are broken or deprecated (RFC 8996). */
  public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

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
  }
}
