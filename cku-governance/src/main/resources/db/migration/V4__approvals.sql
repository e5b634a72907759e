-- Decisions of people on paused gates. One vote per approver and gate: a second vote does not count twice.
CREATE TABLE run_approvals (
    run_id     uuid        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    tenant     varchar(63) NOT NULL,
    gate       varchar(32) NOT NULL,
    actor      text        NOT NULL,
    approved   boolean     NOT NULL,
    reason     text        NOT NULL,
    decided_at timestamptz NOT NULL,
    PRIMARY KEY (run_id, gate, actor)
);
