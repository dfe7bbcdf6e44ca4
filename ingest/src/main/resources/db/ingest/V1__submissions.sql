-- Vigil system of record: senders and every framed submission, accepted or not.
-- Owned by the ingest module.

CREATE TABLE sender (
    id              bigserial PRIMARY KEY,
    facility_id     text        NOT NULL UNIQUE,          -- MSH-4 universal id (e.g. CLIA) or namespace id
    display_name    text,
    auto_registered boolean     NOT NULL DEFAULT false,   -- registered by dev mode on first contact
    enabled         boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE submission (
    id              uuid        PRIMARY KEY,              -- time-ordered (UUIDv7)
    sender_id       bigint      REFERENCES sender (id),   -- null when no usable MSH-4 or sender unknown
    facility_id     text        NOT NULL,                 -- as sent; '' when unreadable
    transport       text        NOT NULL CHECK (transport IN ('mllp', 'http')),
    format          text        NOT NULL CHECK (format IN ('hl7v2', 'fhir')),
    message_type    text        NOT NULL,                 -- e.g. ORU^R01; '' when unreadable
    control_id      text,                                 -- MSH-10; null when missing
    received_at     timestamptz NOT NULL,
    payload         bytea       NOT NULL,                 -- the exact bytes received (inside MLLP framing)
    payload_sha256  bytea       NOT NULL CHECK (octet_length(payload_sha256) = 32),
    charset         text        NOT NULL,
    disposition     text        NOT NULL CHECK (disposition IN ('accept', 'error', 'reject')),
    ack_code        text        NOT NULL CHECK (ack_code IN ('AA', 'AE', 'AR', 'CA', 'CE', 'CR')),
    findings        jsonb       NOT NULL DEFAULT '[]',
    ack_message     text        NOT NULL                  -- the acknowledgement sent; replayed for duplicates
);

-- Idempotency: one submission per (sending facility, control id). A replay returns ack_message.
CREATE UNIQUE INDEX submission_idempotency ON submission (facility_id, control_id)
    WHERE control_id IS NOT NULL;
CREATE INDEX submission_control_id ON submission (control_id);
CREATE INDEX submission_received_at ON submission (received_at);
