-- The audit chain: one per deployment. Each entry keeps the exact bytes that were hashed (RFC 8785 canonical JSON)
-- and its hashes; the head row is locked by every append, so two appends never take the same seq or predecessor, and
-- the unique constraints refuse a fork even if that lock were bypassed.
CREATE TABLE audit_entries (
    seq       bigint      PRIMARY KEY CHECK (seq >= 1),
    at        timestamptz NOT NULL,
    tenant    varchar(63) NOT NULL,
    actor     text        NOT NULL,
    action    varchar(64) NOT NULL,
    subject   text        NOT NULL,
    details   jsonb       NOT NULL,
    canonical bytea       NOT NULL,
    leaf_hash bytea       NOT NULL,
    prev_link bytea       NOT NULL UNIQUE,
    link_hash bytea       NOT NULL UNIQUE
);

CREATE TABLE audit_head (
    id        int    PRIMARY KEY CHECK (id = 1),
    seq       bigint NOT NULL,
    link_hash bytea  NOT NULL
);
-- The chain starts from 32 zero bytes.
INSERT INTO audit_head (id, seq, link_hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));
