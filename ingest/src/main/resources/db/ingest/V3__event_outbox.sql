-- Transactional outbox of de-identified events (vigil.events.v1). Rows are written in the same
-- transaction as their accepted submission and published to Kafka by the outbox relay, in seq
-- order. Nothing here is PHI: payload is the de-identified event JSON.
CREATE TABLE event_outbox (
    seq             bigserial   PRIMARY KEY,                   -- publication order
    submission_id   uuid        NOT NULL REFERENCES submission (id),
    event_id        uuid        NOT NULL UNIQUE,               -- deterministic per (submission, ordinal)
    message_key     text        NOT NULL,                      -- Kafka record key (the person key)
    payload         text        NOT NULL,                      -- the event JSON exactly as published
    created_at      timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz                                -- null until Kafka acknowledged it
);

-- The relay reads the unpublished tail; published rows are purged after a retention period.
CREATE INDEX event_outbox_unpublished ON event_outbox (seq) WHERE published_at IS NULL;
CREATE INDEX event_outbox_published_at ON event_outbox (published_at) WHERE published_at IS NOT NULL;
