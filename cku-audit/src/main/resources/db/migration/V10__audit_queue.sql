-- Entries wait here from the transaction of the change they record until the sequencer links them into the chain, in
-- batches, under the head's lock. Appending is then a plain insert: a writer never waits for the chain's head, and one
-- chain transaction integrates what many transactions committed (group commit). An entry waits as its canonical bytes
-- less the seq (prefix and suffix), so linking it is a concatenation and two hashes.
CREATE TABLE audit_queue (
    id        bigserial   PRIMARY KEY,
    prefix    bytea       NOT NULL,
    suffix    bytea       NOT NULL,
    queued_at timestamptz NOT NULL DEFAULT now()
);
