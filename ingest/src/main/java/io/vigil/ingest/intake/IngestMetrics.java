package io.vigil.ingest.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.validation.Finding;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ingest counters and timers. Labels are bounded: message types outside the supported set are
 * reported as {@code other}, and no label ever carries sender-supplied free text or patient data.
 */
public final class IngestMetrics {
  private static final Set<String> KNOWN_TYPES =
      Set.of(
          "ORU^R01",
          "VXU^V04",
          "Bundle/message",
          "Bundle/transaction",
          "Bundle/batch",
          "Bundle/collection",
          "Bundle/document");

  private final MeterRegistry registry;
  // Meters by label values: every message would otherwise rebuild and look up its meter ids.
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  static String typeLabel(String messageType) {
    return KNOWN_TYPES.contains(messageType) ? messageType : "other";
  }

  /** A framed message arrived. */
  public void received(String transport, String messageType) {
    String type = typeLabel(messageType);
    counters
        .computeIfAbsent(
            "received|" + transport + "|" + type,
            k ->
                Counter.builder("vigil.ingest.received")
                    .description("Messages received, by transport and message type")
                    .tag("transport", transport)
                    .tag("type", type)
                    .register(registry))
        .increment();
  }

  /** An acknowledgement was decided; latency runs from the last byte received to the decision. */
  public void acknowledged(String transport, String messageType, AckCode code, Duration latency) {
    String type = typeLabel(messageType);
    counters
        .computeIfAbsent(
            "acks|" + transport + "|" + type + "|" + code,
            k ->
                Counter.builder("vigil.ingest.acks")
                    .description("Acknowledgements, by transport, message type and ACK code")
                    .tag("transport", transport)
                    .tag("type", type)
                    .tag("code", code.name())
                    .register(registry))
        .increment();
    timers
        .computeIfAbsent(
            transport,
            k ->
                Timer.builder("vigil.ingest.ack.latency")
                    .description(
                        "From message received to acknowledgement ready (includes the commit)")
                    .tag("transport", transport)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(100_000))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry))
        .record(latency);
  }

  /** A validation finding was raised; finding codes are a fixed set defined by the validators. */
  public void finding(Finding finding) {
    counters
        .computeIfAbsent(
            "findings|" + finding.severity() + "|" + finding.code(),
            k ->
                Counter.builder("vigil.ingest.findings")
                    .description("Validation findings, by severity and stable code")
                    .tag("severity", finding.severity().name())
                    .tag("code", finding.code())
                    .register(registry))
        .increment();
  }

  /** A (facility, control id) already stored came again; the original ACK was returned. */
  public void duplicate(String transport) {
    Counter.builder("vigil.ingest.duplicates")
        .description("Replays of an already stored (facility, control id)")
        .tag("transport", transport)
        .register(registry)
        .increment();
  }

  /** A message was not stored (database unavailable, overloaded); a negative ACK was sent. */
  public void notStored(String transport) {
    Counter.builder("vigil.ingest.not.stored")
        .description("Messages refused because they could not be stored")
        .tag("transport", transport)
        .register(registry)
        .increment();
  }

  /** A frame over the size cap was refused without being buffered. */
  public void oversized(String transport) {
    Counter.builder("vigil.ingest.oversized")
        .description("Frames or bodies over the size cap")
        .tag("transport", transport)
        .register(registry)
        .increment();
  }

  /** A large message refused because large messages in flight held the memory budget. */
  public void busy(String transport) {
    Counter.builder("vigil.ingest.busy")
        .description("Large messages refused, memory budget for large messages in flight spent")
        .tag("transport", transport)
        .register(registry)
        .increment();
  }

  /** A message was refused by its sender's rate limit (label: transport only, bounded). */
  public void rateLimited(String transport) {
    counters
        .computeIfAbsent(
            "rate.limited|" + transport,
            k ->
                Counter.builder("vigil.ingest.rate.limited")
                    .description("Messages refused because their sender exceeded its rate limit")
                    .tag("transport", transport)
                    .register(registry))
        .increment();
  }
}
