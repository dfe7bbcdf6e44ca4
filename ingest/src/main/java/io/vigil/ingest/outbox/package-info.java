/**
 * The transactional outbox of de-identified events and its relay to Kafka: events are written in
 * the same transaction as their submission and published afterwards, so no accepted report's events
 * are lost and none are published for a report that was not stored.
 */
package io.vigil.ingest.outbox;
