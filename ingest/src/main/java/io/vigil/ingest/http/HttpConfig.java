package io.vigil.ingest.http;

import io.vigil.ingest.intake.InboundBudget;
import java.nio.file.Path;
import java.time.Duration;

/**
 * HTTP receiver and API settings.
 *
 * @param host address to bind; default {@code 127.0.0.1}
 * @param port TCP port; default 8080, {@code 0} picks a free port
 * @param maxBodyBytes largest accepted request body; larger bodies get 413; default 10 MiB
 * @param maxBufferedBytes the most bytes request bodies larger than 64 KiB may hold together while
 *     they are examined and stored ({@link InboundBudget}); a large body beyond it is answered 503
 *     {@code HUB_BUSY} with {@code Retry-After}. {@code 0}, the default: a sixteenth of the JVM's
 *     maximum heap (the MLLP server has another), at least two bodies of {@code maxBodyBytes}
 * @param tlsCertPath PEM certificate chain; HTTPS is on when this and {@code tlsKeyPath} are set
 * @param tlsKeyPath PEM private key (PKCS#8)
 * @param idleTimeout a connection that neither sends nor is sent a byte for this long is closed,
 *     unless the hub still owes it the answer to a request it has wholly received (a slow commit is
 *     not idleness: {@link AnswerPendingIdleGuard}); default 60 seconds
 * @param maxConnections concurrent connections above this are closed at once; default 1024
 */
public record HttpConfig(
    String host,
    int port,
    int maxBodyBytes,
    long maxBufferedBytes,
    Path tlsCertPath,
    Path tlsKeyPath,
    Duration idleTimeout,
    int maxConnections) {

  public static final int DEFAULT_PORT = 8080;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;

  public static HttpConfig defaults() {
    return new HttpConfig("127.0.0.1", DEFAULT_PORT, 10 * 1024 * 1024, 0, null, null);
  }

  /** These settings with the default idle timeout and connection limit. */
  public HttpConfig(
      String host,
      int port,
      int maxBodyBytes,
      long maxBufferedBytes,
      Path tlsCertPath,
      Path tlsKeyPath) {
    this(
        host,
        port,
        maxBodyBytes,
        maxBufferedBytes,
        tlsCertPath,
        tlsKeyPath,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS);
  }

  public HttpConfig {
    InboundBudget.checkConfigured(
        maxBufferedBytes, "maxBufferedBytes", maxBodyBytes, "maxBodyBytes");
    if (idleTimeout == null || idleTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "'idleTimeout' must be at least one second, got " + idleTimeout);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          "'maxConnections' must be positive, got " + maxConnections);
    }
  }

  /** {@code maxBufferedBytes}, or when 0 the automatic budget for this JVM. */
  public long bufferedBytesBudget() {
    return InboundBudget.capacityOf(maxBufferedBytes, maxBodyBytes);
  }

  public boolean tlsEnabled() {
    return tlsCertPath != null && tlsKeyPath != null;
  }

  public HttpConfig withPort(int newPort) {
    return new HttpConfig(
        host,
        newPort,
        maxBodyBytes,
        maxBufferedBytes,
        tlsCertPath,
        tlsKeyPath,
        idleTimeout,
        maxConnections);
  }

  /** These limits on idle and concurrent connections. */
  public HttpConfig withConnectionLimits(Duration newIdleTimeout, int newMaxConnections) {
    return new HttpConfig(
        host,
        port,
        maxBodyBytes,
        maxBufferedBytes,
        tlsCertPath,
        tlsKeyPath,
        newIdleTimeout,
        newMaxConnections);
  }
}
