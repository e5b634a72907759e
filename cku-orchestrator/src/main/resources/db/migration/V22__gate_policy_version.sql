-- The version of the tenant's policy the POLICY gate evaluated, so a run says which rules it was gated with.
ALTER TABLE run_gates ADD COLUMN policy_version integer;
