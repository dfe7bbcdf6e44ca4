package io.vigil.ingest.canonical;

import java.time.Instant;
import java.util.Objects;

/**
 * A timeliness reference instant and the field it was read from, so audits can say which field a
 * lag was computed from (a value without a UTC offset is read at +14:00, its earliest possible
 * instant).
 *
 * @param at the instant
 * @param source the field, e.g. {@code SPM-17}, {@code OBR-7}, {@code OBX-19}, {@code MSH-7},
 *     {@code Specimen.collection.collectedDateTime}, {@code DiagnosticReport.issued}; "" once
 *     {@link #withoutSource() cleared}
 */
public record ReferenceInstant(Instant at, String source) {
  public ReferenceInstant {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(source, "source");
  }

  public ReferenceInstant withoutSource() {
    return new ReferenceInstant(at, "");
  }
}
