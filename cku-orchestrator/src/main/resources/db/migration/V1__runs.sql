-- Runs, their steps and their gate decisions. Workers claim runs with FOR UPDATE SKIP LOCKED and a lease.
CREATE TABLE runs (
    id              uuid PRIMARY KEY,
    intent          text         NOT NULL,
    mode            varchar(16)  NOT NULL,
    status          varchar(32)  NOT NULL,
    reason          text,
    outcome         text,
    labels          jsonb        NOT NULL DEFAULT '{}',
    evidence        jsonb        NOT NULL DEFAULT '{}',
    idempotency_key varchar(200) UNIQUE,
    request_hash    char(64),
    lease_owner     varchar(200),
    lease_until     timestamptz,
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    CONSTRAINT runs_mode_known CHECK (mode IN ('dev', 'staging', 'prod'))
) WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.05);
-- Rows are rewritten at every transition: free space in each page lets PostgreSQL update them in place (HOT)
-- when no indexed column changes, and frequent vacuuming keeps the claim query from wading through dead rows.

-- Every transition rewrites the row, so each index here costs on the hot path: keep them few and partial.
CREATE INDEX runs_workable ON runs (created_at) WHERE status IN ('PENDING', 'GATING', 'RUNNING');
CREATE INDEX runs_newest ON runs (created_at DESC, id DESC);
CREATE INDEX runs_cancelled_leased ON runs (lease_owner) WHERE status = 'CANCELLED' AND lease_owner IS NOT NULL;

CREATE TABLE run_steps (
    run_id      uuid         NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    position    int          NOT NULL,
    name        varchar(200) NOT NULL,
    skill       varchar(100) NOT NULL,
    intent      text,
    params      jsonb        NOT NULL DEFAULT '{}',
    optional    boolean      NOT NULL DEFAULT false,
    timeout_ms  bigint,
    status      varchar(16)  NOT NULL,
    attempts    int          NOT NULL DEFAULT 0,
    started_at  timestamptz,
    finished_at timestamptz,
    output      jsonb,
    error       text,
    PRIMARY KEY (run_id, position),
    UNIQUE (run_id, name)
) WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02);

CREATE TABLE run_gates (
    run_id     uuid        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    position   int         NOT NULL,
    gate       varchar(32) NOT NULL,
    decision   varchar(8)  NOT NULL,
    reason     text        NOT NULL,
    decided_at timestamptz NOT NULL,
    PRIMARY KEY (run_id, position)
);
