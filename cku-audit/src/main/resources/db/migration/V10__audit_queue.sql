-- Entries wait here from the transaction of the change they record until the sequencer links them into the chain, in
-- batches, under the head's lock. Appending is then a plain insert: a writer never waits for the chain's head, and one
-- chain transaction integrates what many transactions committed (group commit).
CREATE TABLE audit_queue (
    id      bigserial   PRIMARY KEY,
    at      timestamptz NOT NULL,
    tenant  varchar(63) NOT NULL,
    actor   text        NOT NULL,
    action  varchar(64) NOT NULL,
    subject text        NOT NULL,
    details jsonb       NOT NULL
);
