package io.cku.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cku.audit.AuditEntry;
import io.cku.audit.AuditReader;

/**
 * Reads the chain's rows and the entries' fields out of their hashed bytes here, as the {@code audit_entries} view does in
 * the database (so entries read back and entries just linked are the same); a subject's entries through the
 * {@code audit_subject} index.
 */
@Repository
class JdbcAuditReader implements AuditReader {

    private static final String COLUMNS = "seq, canonical, leaf_hash, prev_link, link_hash";

    private final JdbcClient jdbc;

    JdbcAuditReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long size() {
        return jdbc.sql("SELECT coalesce(max(seq), 0) FROM audit_chain").query(Long.class).single();
    }

    @Override
    public List<AuditEntry> after(long after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_chain WHERE seq > ? ORDER BY seq LIMIT ?")
                .params(after, limit).query(JdbcAuditReader::entry).list();
    }

    @Override
    public List<AuditEntry> about(String subject, long after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_chain WHERE audit_subject(canonical) = ? AND seq > ? ORDER BY seq LIMIT ?")
                .params(subject, after, limit).query(JdbcAuditReader::entry).list();
    }

    private static AuditEntry entry(ResultSet rs, int row) throws SQLException {
        return AuditEntry.read(rs.getLong("seq"), rs.getBytes("canonical"), rs.getBytes("leaf_hash"), rs.getBytes("prev_link"),
                rs.getBytes("link_hash"));
    }
}
