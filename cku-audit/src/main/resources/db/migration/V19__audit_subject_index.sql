-- The event stream replays one run's history from the chain: an index on each entry's subject (read out of the hashed
-- bytes, as the audit_entries view does) finds a run's entries without reading the whole chain.
CREATE FUNCTION audit_subject(canonical bytea) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT convert_from(canonical, 'UTF8')::jsonb ->> 'subject' $$;

CREATE INDEX audit_chain_subject ON audit_chain (audit_subject(canonical), seq);
