package io.vigil.ingest.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server's open connections: at most {@code http.max-connections}, the ones over it closed
 * as soon as they are accepted. Every connection is a file descriptor of the hub's process; without
 * a cap, 20,000 idle HTTP connections spent the process's whole open-file limit and the MLLP
 * listener could no longer accept (red-team review). Refusals are logged at most once a minute,
 * with how many there were since the last line, so a flood does not flood the log; they are counted
 * in {@code vigil_http_connections_refused_total}, the open ones in {@code vigil_http_connections}.
 */
final class HttpConnections {
  private static final Logger LOG = LoggerFactory.getLogger(HttpConnections.class);
  static final Duration WARN_EVERY = Duration.ofMinutes(1);

  private final int max;
  private final LongSupplier nanoTime;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong refusedSinceLine = new AtomicLong();
  private final Counter refused;
  private long lastLineAt;
  private boolean logged;

  HttpConnections(int max, MeterRegistry registry, LongSupplier nanoTime) {
    this.max = max;
    this.nanoTime = nanoTime;
    registry.gauge("vigil.http.connections", open);
    this.refused =
        Counter.builder("vigil.http.connections.refused")
            .description("HTTP connections closed at once because http.max-connections were open")
            .register(registry);
  }

  /** The connection handler: counts {@code conn}, or closes it when the limit is reached. */
  void accept(HttpConnection conn) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      refused();
      conn.close();
      return;
    }
    conn.closeHandler(v -> open.decrementAndGet());
    if (conn instanceof HttpServerConnection server) {
      AnswerPendingIdleGuard.install(server.channelHandlerContext().pipeline());
    }
  }

  int open() {
    return open.get();
  }

  /**
   * Counts a refusal; writes the WARN when a minute has passed since the last one.
   *
   * @return the refusals the line written now counts, 0 when none was written
   */
  long refused() {
    refused.increment();
    refusedSinceLine.incrementAndGet();
    long now = nanoTime.getAsLong();
    long count;
    synchronized (this) {
      if (logged && now - lastLineAt < WARN_EVERY.toNanos()) {
        return 0;
      }
      logged = true;
      lastLineAt = now;
      count = refusedSinceLine.getAndSet(0);
    }
    LOG.warn(
        "HTTP connection refused, limit reached [max: {}, refusedSinceLastLine: {}]", max, count);
    return count;
  }
}
