-- The event stream replays one run's history from the chain: an index on each entry's subject finds a run's entries
-- without reading the whole chain. The subject is read out of the hashed bytes without decoding them (so bytes that are
-- no longer UTF-8, a tampered entry, are still stored and then reported by verification): the canonical JSON ends with
-- "subject":"…","tenant":"…"} (RFC 8785 sorts the keys). A subject with quotes or backslashes is not indexed; run ids,
-- the subjects looked up, are UUIDs.
CREATE FUNCTION audit_subject(canonical bytea) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT substring(encode(canonical, 'escape') FROM '"subject":"([^"\\]*)","tenant":"[^"]*"}$') $$;

CREATE INDEX audit_chain_subject ON audit_chain (audit_subject(canonical), seq);
