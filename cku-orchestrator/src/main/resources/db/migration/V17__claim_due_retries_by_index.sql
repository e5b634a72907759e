-- Runs waiting for a retry would otherwise sit in runs_workable, and every claim would wade through all of them (after an
-- outage, thousands) before reaching a run it may take. They get an index of their own, by the time they are due.
DROP INDEX runs_workable;
CREATE INDEX runs_workable ON runs (created_at)
    WHERE status IN ('PENDING', 'GATING', 'RUNNING') OR (status = 'HEALING' AND due_at IS NULL);
CREATE INDEX runs_retry_due ON runs (due_at) WHERE status = 'HEALING' AND due_at IS NOT NULL;
