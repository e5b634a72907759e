-- A pause may be escalated once: its deadline extended after the first one passed.
ALTER TABLE run_gates ADD COLUMN escalated boolean NOT NULL DEFAULT false;
