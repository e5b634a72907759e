-- Login sessions. A password login starts a family (the session); each refresh uses its token up (used_at, replaced_by)
-- and adds the family's next token, which expires when the family does. Presenting a used token again revokes the
-- family. Only the SHA-256 of a token is kept: the token itself is shown once, like an API key.
CREATE TABLE refresh_tokens (
    token_hash  char(64)    PRIMARY KEY,
    family      uuid        NOT NULL,
    username    varchar(64) NOT NULL REFERENCES users (username),
    tenant      varchar(63) NOT NULL REFERENCES tenants (id),
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    replaced_by char(64),
    revoked_at  timestamptz
);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family);
-- disabling a user revokes their live families; revoked rows are no longer looked up by user
CREATE INDEX refresh_tokens_live_by_user ON refresh_tokens (username) WHERE revoked_at IS NULL;
CREATE INDEX refresh_tokens_by_expiry ON refresh_tokens (expires_at);

-- Access tokens (kind 'token', by jti) and sessions (kind 'session', by family) ended before they expire. Every instance
-- holds the live rows in memory and reads new ones by id a few times a second, so a request is checked without a query.
-- A row is deleted once what it names has expired.
CREATE TABLE revoked_sessions (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       varchar(8)  NOT NULL CHECK (kind IN ('token', 'session')),
    value      text        NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX revoked_sessions_by_expiry ON revoked_sessions (expires_at);
