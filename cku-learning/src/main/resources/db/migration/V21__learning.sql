-- The learning loop. A run's outcome is recorded in the transaction that ends the run (so exactly once: the run id is the
-- key), with one observation per step attempt; the learner folds pending outcomes into the reliability of their keys in
-- batches and marks them processed in the same transaction, so a crash leaves every outcome counted once or still pending.
CREATE TABLE learning_outcomes (
    run_id             uuid PRIMARY KEY,
    tenant             text        NOT NULL,
    mode               text        NOT NULL,
    outcome            text        NOT NULL,
    finished_at        timestamptz NOT NULL,
    observations       jsonb       NOT NULL,
    processed_at       timestamptz,
    invalidated_at     timestamptz,
    invalidated_reason text
);

CREATE INDEX learning_outcomes_pending ON learning_outcomes (finished_at) WHERE processed_at IS NULL;
CREATE INDEX learning_outcomes_by_tenant ON learning_outcomes (tenant, finished_at DESC);

-- Beta(successes, failures) per key, the counts decayed to last_at with the configured half-life.
CREATE TABLE learning_reliability (
    tenant       text             NOT NULL,
    skill        text             NOT NULL,
    target       text             NOT NULL,
    mode         text             NOT NULL,
    successes    double precision NOT NULL,
    failures     double precision NOT NULL,
    observations bigint           NOT NULL,
    last_at      timestamptz      NOT NULL,
    PRIMARY KEY (tenant, skill, target, mode)
);

-- What the policy learner changed (a learned rule added or withdrawn) and why, with the policy version it published.
CREATE TABLE learning_changes (
    id             bigserial PRIMARY KEY,
    tenant         text        NOT NULL,
    kind           text        NOT NULL,
    skill          text        NOT NULL,
    target         text        NOT NULL,
    policy_version integer,
    explanation    jsonb       NOT NULL,
    created_at     timestamptz NOT NULL
);

CREATE INDEX learning_changes_by_tenant ON learning_changes (tenant, id DESC);
