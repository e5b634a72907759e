-- The learning module's aggregates, mapped with JPA and optimistic locking (a version column each): the learner's state per
-- tenant (which replaces learning_freezes), the changes it made, and the patterns it found.
CREATE TABLE learning_tenants (
    tenant             text PRIMARY KEY,
    frozen             boolean     NOT NULL DEFAULT false,
    frozen_by          text,
    frozen_reason      text,
    frozen_at          timestamptz,
    last_considered_at timestamptz,
    version            bigint      NOT NULL DEFAULT 0
);

INSERT INTO learning_tenants (tenant, frozen, frozen_by, frozen_reason, frozen_at)
SELECT tenant, true, frozen_by, reason, frozen_at FROM learning_freezes;

DROP TABLE learning_freezes;

ALTER TABLE learning_changes ADD COLUMN version bigint NOT NULL DEFAULT 0;

-- What the learner found, for people to read (GET /learning/patterns); resolved_at is set when it no longer holds.
CREATE TABLE learning_patterns (
    id                bigserial PRIMARY KEY,
    tenant            text        NOT NULL,
    kind              text        NOT NULL,
    subject           text        NOT NULL,
    summary           text        NOT NULL,
    details           jsonb       NOT NULL,
    first_detected_at timestamptz NOT NULL,
    last_seen_at      timestamptz NOT NULL,
    resolved_at       timestamptz,
    version           bigint      NOT NULL DEFAULT 0,
    UNIQUE (tenant, kind, subject)
);

-- A gate that paused a run, and whether people approved it (written when the pause ends, so runs that never pause cost
-- nothing): the report of gates that pause most runs and are always approved reads it with the runs' outcomes.
CREATE TABLE learning_gate_pauses (
    run_id      uuid        NOT NULL,
    gate        text        NOT NULL,
    tenant      text        NOT NULL,
    approved    boolean     NOT NULL,
    resolved_at timestamptz NOT NULL,
    PRIMARY KEY (run_id, gate)
);
