package io.vigil.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestMetricsTest {
  /** Refusal counters exist at zero from the start (ops6: "No data" until the first refusal). */
  @Test
  void registersEveryRefusalCounterAtZeroForEveryTransport() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    IngestMetrics metrics = new IngestMetrics(registry).registerRefusalCounters();
    for (String name :
        List.of(
            "vigil.ingest.duplicates",
            "vigil.ingest.not.stored",
            "vigil.ingest.oversized",
            "vigil.ingest.busy",
            "vigil.ingest.rate.limited")) {
      for (String transport : List.of("mllp", "http")) {
        assertThat(registry.get(name).tag("transport", transport).counter().count())
            .as(name + " " + transport)
            .isZero();
      }
    }
    metrics.notStored("http");
    metrics.notStored("http");
    assertThat(registry.get("vigil.ingest.not.stored").tag("transport", "http").counter().count())
        .isEqualTo(2);
    assertThat(registry.get("vigil.ingest.not.stored").tag("transport", "mllp").counter().count())
        .isZero();
  }
}
