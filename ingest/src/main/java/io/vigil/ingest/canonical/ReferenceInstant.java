package io.vigil.ingest.canonical;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A timeliness reference instant and the field it was read from, so audits can say which field a
 * lag was computed from (a value without a UTC offset is read at +14:00, its earliest possible
 * instant).
 *
 * @param at the instant
 * @param source the field, e.g. {@code SPM-17}, {@code OBR-7}, {@code OBX-19}, {@code MSH-7},
 *     {@code Specimen.collection.collectedDateTime}, {@code DiagnosticReport.issued}; "" once
 *     {@link #withoutSource() cleared}
 * @param writtenDay the calendar day as the sender wrote it, the day where it happened: a date such
 *     as RXA-3 {@code 20250310}, a local time, or one with the sender's own offset (at 23:15-05:00
 *     it is already the next day in UTC); empty for a value in UTC, whose day is the hub's zone's
 */
public record ReferenceInstant(Instant at, String source, Optional<LocalDate> writtenDay) {
  public ReferenceInstant {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(writtenDay, "writtenDay");
  }

  /** A value whose day is the hub zone's (one in UTC). */
  public ReferenceInstant(Instant at, String source) {
    this(at, source, Optional.empty());
  }

  public ReferenceInstant withoutSource() {
    return new ReferenceInstant(at, "", writtenDay);
  }
}
