package io.vigil.ingest.http;

import java.nio.file.Path;

/**
 * HTTP receiver and API settings.
 *
 * @param host address to bind; default {@code 127.0.0.1}
 * @param port TCP port; default 8080, {@code 0} picks a free port
 * @param maxBodyBytes largest accepted request body; larger bodies get 413; default 10 MiB
 * @param tlsCertPath PEM certificate chain; HTTPS is on when this and {@code tlsKeyPath} are set
 * @param tlsKeyPath PEM private key (PKCS#8)
 */
public record HttpConfig(
    String host, int port, int maxBodyBytes, Path tlsCertPath, Path tlsKeyPath) {

  public static final int DEFAULT_PORT = 8080;

  public static HttpConfig defaults() {
    return new HttpConfig("127.0.0.1", DEFAULT_PORT, 10 * 1024 * 1024, null, null);
  }

  public boolean tlsEnabled() {
    return tlsCertPath != null && tlsKeyPath != null;
  }

  public HttpConfig withPort(int newPort) {
    return new HttpConfig(host, newPort, maxBodyBytes, tlsCertPath, tlsKeyPath);
  }
}
