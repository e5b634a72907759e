-- A paused gate waits until its deadline; then the run ends REJECTED ("approval deadline passed").
ALTER TABLE run_gates ADD COLUMN deadline timestamptz;
CREATE INDEX run_gates_deadlines ON run_gates (deadline) WHERE deadline IS NOT NULL;
