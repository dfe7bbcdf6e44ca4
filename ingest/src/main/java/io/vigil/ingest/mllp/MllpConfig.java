package io.vigil.ingest.mllp;

import io.vigil.ingest.intake.InboundBudget;
import java.nio.file.Path;
import java.time.Duration;

/**
 * MLLP receiver settings.
 *
 * @param host address to bind; default {@code 127.0.0.1}
 * @param port TCP port; default 2575, {@code 0} picks a free port
 * @param idleTimeout a connection with no traffic for this long is closed; default 5 minutes
 * @param maxFrameBytes largest accepted frame; larger frames are rejected with AR; default 10 MiB
 * @param maxConnections concurrent connections above this are refused; default 1024
 * @param maxBufferedBytes the most bytes all connections together may hold in frames larger than 64
 *     KiB, being received or not yet answered ({@link InboundBudget}); a large frame beyond it is
 *     answered {@code HUB_BUSY} (not stored, send it again later). {@code 0}, the default: a
 *     sixteenth of the JVM's maximum heap (the HTTP API has another), at least two frames of {@code
 *     maxFrameBytes}
 * @param tlsCertPath PEM certificate chain; TLS is on when this and {@code tlsKeyPath} are set
 * @param tlsKeyPath PEM private key (PKCS#8)
 * @param clientCaPath PEM CA certificate(s) that issue sender client certificates; when set, a
 *     client certificate is required (mTLS) and its subject maps to the sender
 * @param crlPath PEM/DER certificate revocation list of that CA; revoked client certificates fail
 *     the handshake
 * @param alwaysAnswer answer every frame with exactly one acknowledgement, as HTTP does: the
 *     application one when MSH-16 asks for it, else the accept one, even when MSH-15/16 ask for
 *     none (NE/NE, ER/NE on a success; then best effort); default true (ADR 0003: MLLP senders read
 *     one answer per frame whatever the message says). False: exactly what MSH-15/16 ask, none, one
 *     or two frames
 * @param minFrameBytesPerSecond a frame holding part of {@code maxBufferedBytes} (over 64 KiB) may
 *     take {@code minFrameRateGrace} plus its bytes at this rate, from its first byte; a slower one
 *     gives its budget back and its connection is closed, nothing stored ({@link FramePace});
 *     default 16 KiB/s (a 10 MiB frame may take 11 minutes); {@code 0}: no minimum (only {@code
 *     idleTimeout})
 * @param minFrameRateGrace the time a large frame has beyond its bytes at {@code
 *     minFrameBytesPerSecond}; default 10 seconds
 */
public record MllpConfig(
    String host,
    int port,
    Duration idleTimeout,
    int maxFrameBytes,
    int maxConnections,
    long maxBufferedBytes,
    Path tlsCertPath,
    Path tlsKeyPath,
    Path clientCaPath,
    Path crlPath,
    boolean alwaysAnswer,
    long minFrameBytesPerSecond,
    Duration minFrameRateGrace) {

  public static final int DEFAULT_PORT = 2575;

  public static MllpConfig defaults() {
    return new MllpConfig(
        "127.0.0.1",
        DEFAULT_PORT,
        Duration.ofMinutes(5),
        10 * 1024 * 1024,
        1024,
        0,
        null,
        null,
        null,
        null,
        true,
        16 * 1024,
        Duration.ofSeconds(10));
  }

  public MllpConfig {
    InboundBudget.checkConfigured(
        maxBufferedBytes, "maxBufferedBytes", maxFrameBytes, "maxFrameBytes");
    if (minFrameBytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "'minFrameBytesPerSecond' must be 0 (no minimum) or positive, got "
              + minFrameBytesPerSecond);
    }
    if (minFrameRateGrace == null || minFrameRateGrace.isNegative()) {
      throw new IllegalArgumentException(
          "'minFrameRateGrace' must not be negative, got " + minFrameRateGrace);
    }
  }

  /** {@code maxBufferedBytes}, or when 0 the automatic budget for this JVM. */
  public long bufferedBytesBudget() {
    return InboundBudget.capacityOf(maxBufferedBytes, maxFrameBytes);
  }

  public boolean tlsEnabled() {
    return tlsCertPath != null && tlsKeyPath != null;
  }

  /** True when senders must present a client certificate (mTLS). */
  public boolean clientAuthEnabled() {
    return tlsEnabled() && clientCaPath != null;
  }

  public MllpConfig withTls(Path certPath, Path keyPath) {
    return new MllpConfig(
        host,
        port,
        idleTimeout,
        maxFrameBytes,
        maxConnections,
        maxBufferedBytes,
        certPath,
        keyPath,
        clientCaPath,
        crlPath,
        alwaysAnswer,
        minFrameBytesPerSecond,
        minFrameRateGrace);
  }

  public MllpConfig withClientAuth(Path caPath, Path crl) {
    return new MllpConfig(
        host,
        port,
        idleTimeout,
        maxFrameBytes,
        maxConnections,
        maxBufferedBytes,
        tlsCertPath,
        tlsKeyPath,
        caPath,
        crl,
        alwaysAnswer,
        minFrameBytesPerSecond,
        minFrameRateGrace);
  }

  public MllpConfig withPort(int newPort) {
    return new MllpConfig(
        host,
        newPort,
        idleTimeout,
        maxFrameBytes,
        maxConnections,
        maxBufferedBytes,
        tlsCertPath,
        tlsKeyPath,
        clientCaPath,
        crlPath,
        alwaysAnswer,
        minFrameBytesPerSecond,
        minFrameRateGrace);
  }

  public MllpConfig withAlwaysAnswer(boolean answer) {
    return new MllpConfig(
        host,
        port,
        idleTimeout,
        maxFrameBytes,
        maxConnections,
        maxBufferedBytes,
        tlsCertPath,
        tlsKeyPath,
        clientCaPath,
        crlPath,
        answer,
        minFrameBytesPerSecond,
        minFrameRateGrace);
  }

  /** These limits on the pace of a large frame ({@code 0} bytes per second: none). */
  public MllpConfig withMinFrameRate(long bytesPerSecond, Duration grace) {
    return new MllpConfig(
        host,
        port,
        idleTimeout,
        maxFrameBytes,
        maxConnections,
        maxBufferedBytes,
        tlsCertPath,
        tlsKeyPath,
        clientCaPath,
        crlPath,
        alwaysAnswer,
        bytesPerSecond,
        grace);
  }
}
