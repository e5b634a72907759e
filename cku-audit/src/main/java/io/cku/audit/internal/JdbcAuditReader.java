package io.cku.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cku.audit.AuditEntry;
import io.cku.audit.AuditReader;

/** Reads the chain through the {@code audit_entries} view; a subject's entries through the {@code audit_subject} index. */
@Repository
class JdbcAuditReader implements AuditReader {

    private static final String COLUMNS = "seq, at, tenant, actor, action, subject, details::text AS details, canonical, leaf_hash, prev_link, link_hash";

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
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_entries WHERE seq > ? ORDER BY seq LIMIT ?")
                .params(after, limit).query(JdbcAuditReader::entry).list();
    }

    @Override
    public List<AuditEntry> about(String subject, long after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM audit_entries WHERE seq IN (
                    SELECT seq FROM audit_chain WHERE audit_subject(canonical) = ? AND seq > ? ORDER BY seq LIMIT ?)
                ORDER BY seq""")
                .params(subject, after, limit).query(JdbcAuditReader::entry).list();
    }

    private static AuditEntry entry(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(rs.getLong("seq"), rs.getTimestamp("at").toInstant(), rs.getString("tenant"), rs.getString("actor"),
                rs.getString("action"), rs.getString("subject"), rs.getString("details"), rs.getBytes("canonical"),
                rs.getBytes("leaf_hash"), rs.getBytes("prev_link"), rs.getBytes("link_hash"));
    }
}
