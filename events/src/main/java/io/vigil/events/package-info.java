/**
 * The de-identified event contract ({@code vigil.events.v1}) shared by ingest, which produces the
 * events into its outbox and onto Kafka, and stream analytics, which aggregates them. Nothing in an
 * event identifies a patient: see {@code docs/deidentification.md}.
 */
package io.vigil.events;
