package io.vigil.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A flood of refused connections writes one WARN a minute, counting what it leaves out. */
class HttpConnectionsTest {
  private final AtomicLong now = new AtomicLong();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HttpConnections connections = new HttpConnections(4, registry, now::get);

  @Test
  void refusalsAreLoggedOnceAMinuteWithTheirCount() {
    assertThat(connections.refused()).as("the first is logged at once").isEqualTo(1);
    for (int i = 0; i < 9_999; i++) {
      assertThat(connections.refused()).isZero();
    }
    now.addAndGet(HttpConnections.WARN_EVERY.toNanos());
    assertThat(connections.refused()).isEqualTo(10_000);
    assertThat(registry.get("vigil.http.connections.refused").counter().count()).isEqualTo(10_001);
    assertThat(registry.get("vigil.http.connections").gauge().value()).isZero();
  }
}
