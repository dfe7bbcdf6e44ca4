package io.vigil.ingest.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.validation.Finding;
import java.time.Duration;
import java.util.List;
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

  /** The transports every refusal counter is labelled by. */
  static final List<String> TRANSPORTS = List.of("mllp", "http");

  /** The refusal counters: name and description. */
  private static final Map<String, String> REFUSALS =
      Map.of(
          "vigil.ingest.duplicates",
          "Replays of an already stored (facility, control id)",
          "vigil.ingest.not.stored",
          "Messages refused because they could not be stored",
          "vigil.ingest.oversized",
          "Frames or bodies over the size cap",
          "vigil.ingest.busy",
          "Large messages refused, memory budget for large messages in flight spent",
          "vigil.ingest.rate.limited",
          "Messages refused because their sender exceeded its rate limit");

  /**
   * Registers the refusal counters at zero for every transport, so a dashboard shows 0 rather than
   * "No data" and {@code increase()} sees the first refusal after a restart (ops6: they appeared
   * only at their first increment).
   */
  public IngestMetrics registerRefusalCounters() {
    REFUSALS.keySet().forEach(name -> TRANSPORTS.forEach(t -> refusal(name, t)));
    return this;
  }

  private Counter refusal(String name, String transport) {
    return counters.computeIfAbsent(
        name + "|" + transport,
        k ->
            Counter.builder(name)
                .description(REFUSALS.get(name))
                .tag("transport", transport)
                .register(registry));
  }

  /** A (facility, control id) already stored came again; the original ACK was returned. */
  public void duplicate(String transport) {
    refusal("vigil.ingest.duplicates", transport).increment();
  }

  /** A message was not stored (database unavailable, overloaded); a negative ACK was sent. */
  public void notStored(String transport) {
    refusal("vigil.ingest.not.stored", transport).increment();
  }

  /** A frame over the size cap was refused without being buffered. */
  public void oversized(String transport) {
    refusal("vigil.ingest.oversized", transport).increment();
  }

  /** A large message refused because large messages in flight held the memory budget. */
  public void busy(String transport) {
    refusal("vigil.ingest.busy", transport).increment();
  }

  /** A message was refused by its sender's rate limit (label: transport only, bounded). */
  public void rateLimited(String transport) {
    refusal("vigil.ingest.rate.limited", transport).increment();
  }
}
