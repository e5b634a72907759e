-- Versions of each tenant's policy rules. A new version is published whole; at most one version per tenant is active.
CREATE TABLE policy_versions (
    tenant     varchar(63) NOT NULL,
    version    int         NOT NULL,
    rules      jsonb       NOT NULL,
    active     boolean     NOT NULL DEFAULT false,
    reason     text        NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, version)
);
CREATE UNIQUE INDEX policy_versions_one_active ON policy_versions (tenant) WHERE active;
