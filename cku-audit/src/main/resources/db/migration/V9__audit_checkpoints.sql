-- Signed checkpoints of the chain: the note text is what an outside party verifies; size is the entry count it signs.
CREATE TABLE audit_checkpoints (
    size       bigint      PRIMARY KEY,
    head_hash  bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    note       text        NOT NULL
);
