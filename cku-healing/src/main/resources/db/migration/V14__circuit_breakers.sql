-- One row per skill and target that failed transiently lately, shared by every instance: after the configured number of
-- consecutive transient failures the circuit opens until open_until, and attempts fail fast meanwhile. A success, or a
-- failure that shows the target answering (a permanent one), removes the row: the circuit is closed.
CREATE TABLE circuit_breakers (
    skill                varchar(100) NOT NULL,
    target               text         NOT NULL,
    consecutive_failures int          NOT NULL,
    open_until           timestamptz,
    updated_at           timestamptz  NOT NULL,
    PRIMARY KEY (skill, target)
);
