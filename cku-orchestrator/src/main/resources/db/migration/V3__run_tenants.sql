-- Runs belong to a tenant and remember who submitted them. Rows from before tenants existed go to the default tenant.
ALTER TABLE runs ADD COLUMN tenant varchar(63) NOT NULL DEFAULT 'default';
ALTER TABLE runs ADD COLUMN submitted_by text NOT NULL DEFAULT 'system:system';
ALTER TABLE runs ALTER COLUMN tenant DROP DEFAULT;
ALTER TABLE runs ALTER COLUMN submitted_by DROP DEFAULT;

-- An idempotency key is the tenant's own: another tenant using the same key must neither collide nor learn of the run.
ALTER TABLE runs DROP CONSTRAINT runs_idempotency_key_key;
ALTER TABLE runs ADD CONSTRAINT runs_tenant_idempotency_key UNIQUE (tenant, idempotency_key);

-- Listings are per tenant, newest first.
DROP INDEX runs_newest;
CREATE INDEX runs_newest ON runs (tenant, created_at DESC, id DESC);
