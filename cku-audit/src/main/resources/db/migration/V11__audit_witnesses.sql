-- Delivery of each signed checkpoint to each outside witness (cku.audit.witness.urls). A delivery is claimed by moving
-- next_attempt_at forward (attempts + 1) in one statement, so the HTTP call runs outside any transaction; only the
-- smallest PENDING size of a witness is ever claimed, so a witness receives its checkpoints one at a time, in size order.
-- CONFLICT: the witness answered that it had seen a larger size (witness_size) than this checkpoint's.
CREATE TABLE audit_witness_deliveries (
    witness_url     text        NOT NULL,
    size            bigint      NOT NULL REFERENCES audit_checkpoints (size),
    state           varchar(16) NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'CONFLICT')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    delivered_at    timestamptz,
    response        text,
    witness_size    bigint,
    PRIMARY KEY (witness_url, size)
);

CREATE INDEX audit_witness_deliveries_pending ON audit_witness_deliveries (witness_url, size) WHERE state = 'PENDING';
CREATE INDEX audit_witness_deliveries_conflicts ON audit_witness_deliveries (witness_url, size) WHERE state = 'CONFLICT';
