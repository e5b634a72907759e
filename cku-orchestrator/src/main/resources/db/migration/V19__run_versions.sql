-- A counter of the stored changes of each run, so a client can ask "has it changed since the version I saw?" (the long
-- poll on GET /runs/{id}). Bumped by the statements that store a transition, so it costs no extra round trip; lease
-- claims and renewals are not changes of the run and leave it alone.
ALTER TABLE runs ADD COLUMN version bigint NOT NULL DEFAULT 1;
