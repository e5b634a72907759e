-- Circuits are per tenant: one tenant's failures must not hold back another tenant's runs. Circuits are short-lived
-- state, so the rows of the shared circuits are dropped rather than assigned to a tenant.
DELETE FROM circuit_breakers;
ALTER TABLE circuit_breakers ADD COLUMN tenant varchar(63) NOT NULL;
ALTER TABLE circuit_breakers DROP CONSTRAINT circuit_breakers_pkey;
ALTER TABLE circuit_breakers ADD PRIMARY KEY (tenant, skill, target);
