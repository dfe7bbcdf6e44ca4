-- The submission log (RFC 9162 Merkle tree) and its checkpoints. Owned by the anchoring module;
-- ingest appends leaves in the same transaction that stores a submission.

CREATE TABLE log_leaf (
    leaf_index    bigint PRIMARY KEY CHECK (leaf_index >= 0),   -- gapless, assigned under a lock
    submission_id uuid   NOT NULL UNIQUE,
    leaf          bytea  NOT NULL,                               -- canonical LogLeaf encoding
    leaf_hash     bytea  NOT NULL CHECK (octet_length(leaf_hash) = 32)
);

-- Hashes of complete (perfect) subtrees above the leaves, level >= 1: the subtree covering leaves
-- [idx * 2^level, (idx + 1) * 2^level). Written by the sequencer; makes roots and proofs O(log n).
CREATE TABLE log_subtree (
    level int    NOT NULL CHECK (level >= 1),
    idx   bigint NOT NULL CHECK (idx >= 0),
    hash  bytea  NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (level, idx)
);

CREATE TABLE log_checkpoint (
    tree_size    bigint      PRIMARY KEY CHECK (tree_size > 0),
    root_hash    bytea       NOT NULL CHECK (octet_length(root_hash) = 32),
    note         text        NOT NULL,            -- C2SP signed note
    created_at   timestamptz NOT NULL,
    chain_id     bigint,                          -- set once anchored on chain
    contract     text,
    tx_hash      text,
    block_number bigint,
    block_time   timestamptz,
    gas_used     bigint,
    anchored_at  timestamptz
);
CREATE INDEX log_checkpoint_unanchored ON log_checkpoint (tree_size) WHERE tx_hash IS NULL;
