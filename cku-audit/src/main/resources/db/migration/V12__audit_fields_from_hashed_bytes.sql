-- An entry's fields are no longer stored beside the bytes that were hashed: the table keeps the hashed bytes and the
-- hashes, and the view audit_entries reads the fields out of those bytes. There is no second copy that could disagree
-- with the chain, so verifying the hashes verifies everything an entry says.
CREATE TABLE audit_chain (
    seq       bigint PRIMARY KEY CHECK (seq >= 1),
    canonical bytea  NOT NULL,
    leaf_hash bytea  NOT NULL,
    prev_link bytea  NOT NULL UNIQUE,
    link_hash bytea  NOT NULL UNIQUE
);

INSERT INTO audit_chain (seq, canonical, leaf_hash, prev_link, link_hash)
SELECT seq, canonical, leaf_hash, prev_link, link_hash FROM audit_entries;

DROP TABLE audit_entries;

CREATE VIEW audit_entries AS
SELECT c.seq,
       (h.fields ->> 'at')::timestamptz AS at,
       h.fields ->> 'tenant'            AS tenant,
       h.fields ->> 'actor'             AS actor,
       h.fields ->> 'action'            AS action,
       h.fields ->> 'subject'           AS subject,
       h.fields -> 'details'            AS details,
       c.canonical, c.leaf_hash, c.prev_link, c.link_hash
FROM audit_chain c, LATERAL (SELECT convert_from(c.canonical, 'UTF8')::jsonb AS fields) h;
