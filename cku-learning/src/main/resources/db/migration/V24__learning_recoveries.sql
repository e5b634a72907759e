-- Steps on a key that failed and then succeeded on a later attempt: how many, and their attempt numbers added up, so the
-- attempt that usually succeeds is their mean.
ALTER TABLE learning_reliability ADD COLUMN recoveries bigint NOT NULL DEFAULT 0;
ALTER TABLE learning_reliability ADD COLUMN recovery_attempts bigint NOT NULL DEFAULT 0;
