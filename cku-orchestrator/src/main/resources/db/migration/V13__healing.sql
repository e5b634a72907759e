-- Healing: the retry policy, compensation and attempt history of each step; a run HEALING waits for due_at (a scheduled
-- retry) or, with none, is rolling back; what healing did is kept per run in run_healing.
ALTER TABLE run_steps ALTER COLUMN status TYPE varchar(32);
ALTER TABLE run_steps
    ADD COLUMN retry             jsonb,
    ADD COLUMN compensation      jsonb,
    ADD COLUMN retry_base        int   NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at   timestamptz,
    ADD COLUMN attempt_log       jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN compensation_error text;

ALTER TABLE runs
    ADD COLUMN due_at         timestamptz,
    ADD COLUMN recommendation varchar(16);

DROP INDEX runs_workable;
CREATE INDEX runs_workable ON runs (created_at) WHERE status IN ('PENDING', 'GATING', 'RUNNING', 'HEALING');

CREATE TABLE run_healing (
    id     bigserial PRIMARY KEY,
    run_id uuid        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    at     timestamptz NOT NULL,
    action varchar(40) NOT NULL,
    step   varchar(200),
    actor  text        NOT NULL,
    reason text        NOT NULL
);
CREATE INDEX run_healing_run ON run_healing (run_id, id);
