-- Tenants, users and service accounts. Usernames are unique across tenants because a login names only the user.
CREATE TABLE tenants (
    id         varchar(63) PRIMARY KEY,
    created_at timestamptz NOT NULL
);

CREATE TABLE users (
    username      varchar(64) PRIMARY KEY,
    tenant        varchar(63) NOT NULL REFERENCES tenants (id),
    password_hash text        NOT NULL,
    roles         text[]      NOT NULL,
    enabled       boolean     NOT NULL DEFAULT true,
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX users_by_tenant ON users (tenant, username);

-- Only the SHA-256 of an API key is kept: the key itself is shown once, when the account is created.
CREATE TABLE service_accounts (
    id         uuid PRIMARY KEY,
    tenant     varchar(63) NOT NULL REFERENCES tenants (id),
    name       varchar(64) NOT NULL,
    key_hash   char(64)    NOT NULL UNIQUE,
    roles      text[]      NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz,
    UNIQUE (tenant, name)
);
