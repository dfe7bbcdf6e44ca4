-- Identity and authorization: what each sender may send, who may call the API, replay protection.
-- Owned by the ingest module (io.vigil.ingest.auth, io.vigil.ingest.sender).

-- Message kinds a sender may submit (ORU^R01, VXU^V04, fhir-lab, fhir-immunization, …);
-- empty = any (dev auto-registration, senders registered before this migration).
ALTER TABLE sender ADD COLUMN allowed_kinds text[] NOT NULL DEFAULT '{}';
-- Subject DN (RFC 2253) of the TLS client certificate that identifies this sender over MLLP.
ALTER TABLE sender ADD COLUMN cert_subject text UNIQUE;

-- Further facility identifiers a sender may use in MSH-4 / MessageHeader.sender besides
-- sender.facility_id (a lab with several CLIA numbers, an OID and a namespace id).
CREATE TABLE sender_facility (
    facility_id text   PRIMARY KEY,
    sender_id   bigint NOT NULL REFERENCES sender (id)
);

-- API principals. client_id is the OAuth2 client id (the `iss`/`sub` of its client assertions).
CREATE TABLE principal (
    client_id      text        PRIMARY KEY,
    name           text        NOT NULL,
    role           text        NOT NULL CHECK (role IN ('sender', 'analyst', 'auditor', 'admin')),
    sender_id      bigint      REFERENCES sender (id),    -- role sender: who it submits as; null = any (dev only)
    public_key_pem text,                                  -- SPKI PEM for private_key_jwt (RSA → RS256, EC P-256 → ES256)
    created_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz,
    CHECK (role = 'sender' OR sender_id IS NULL)
);

-- Client assertion ids already used, until their assertion expires (replay protection).
CREATE TABLE used_jti (
    client_id  text        NOT NULL,
    jti        text        NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX used_jti_expires_at ON used_jti (expires_at);
