-- Decisions on human checkpoint steps share the approvals table: gate 'STEP', the step's name, and which wait at the step
-- it was (a step attempted again after a refusal waits again, and everyone may decide anew).
ALTER TABLE run_approvals
    ADD COLUMN step    varchar(200) NOT NULL DEFAULT '',
    ADD COLUMN attempt int          NOT NULL DEFAULT 0;
ALTER TABLE run_approvals DROP CONSTRAINT run_approvals_pkey;
ALTER TABLE run_approvals ADD PRIMARY KEY (run_id, gate, step, attempt, actor);
