-- A tenant's learner, frozen (an incident, a change freeze): it keeps learning reliability but publishes no policy change.
CREATE TABLE learning_freezes (
    tenant    text PRIMARY KEY,
    frozen_by text        NOT NULL,
    reason    text        NOT NULL,
    frozen_at timestamptz NOT NULL
);
