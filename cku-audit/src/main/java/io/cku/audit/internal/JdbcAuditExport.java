package io.cku.audit.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.cku.audit.AuditExport;
import io.cku.audit.ExportLine;
import io.cku.shared.TenantId;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams the entries table through a PostgreSQL cursor: the transaction turns autocommit off, which lets the driver fetch
 * {@value #FETCH_SIZE} rows at a time instead of the whole range.
 */
@Repository
class JdbcAuditExport implements AuditExport {

    private static final int FETCH_SIZE = 1000;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final JdbcTemplate streaming;
    private final JsonMapper json;

    JdbcAuditExport(DataSource dataSource, JsonMapper json) {
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(FETCH_SIZE);
        this.json = json;
    }

    @Override
    @Transactional(readOnly = true)
    public void write(long from, long to, TenantId reader, OutputStream out) {
        BufferedOutputStream buffered = new BufferedOutputStream(out, BUFFER_BYTES);
        streaming.query("""
                SELECT seq, canonical, leaf_hash, prev_link, link_hash FROM audit_chain WHERE seq >= ? AND seq <= ? ORDER BY seq""",
                rs -> {
                    writeLine(line(rs, reader), buffered);
                }, Math.max(1, from), to);
        flush(buffered);
    }

    private ExportLine line(ResultSet rs, TenantId reader) throws SQLException {
        ExportLine redacted = new ExportLine(rs.getLong("seq"), null, rs.getBytes("leaf_hash"), rs.getBytes("prev_link"),
                rs.getBytes("link_hash"));
        byte[] canonical = rs.getBytes("canonical");
        JsonNode hashed;
        try {
            hashed = json.readTree(canonical);
        } catch (JacksonException unreadable) {
            // tampered bytes: the line carries them as they are, and the verifier reports the entry
            return new ExportLine(redacted.seq(), new ExportLine.Entry("", "", "", "", "", json.nullNode(), canonical), redacted.leafHash(),
                    redacted.prevLink(), redacted.linkHash());
        }
        if (!mayRead(reader, hashed.path("tenant").asString(""))) {
            return redacted;
        }
        ExportLine.Entry entry = new ExportLine.Entry(hashed.path("at").asString(""), hashed.path("tenant").asString(""),
                hashed.path("actor").asString(""), hashed.path("action").asString(""), hashed.path("subject").asString(""),
                hashed.path("details"), canonical);
        return new ExportLine(redacted.seq(), entry, redacted.leafHash(), redacted.prevLink(), redacted.linkHash());
    }

    /** The default tenant administers the platform and reads every tenant's entries. */
    private static boolean mayRead(TenantId reader, String tenant) {
        return reader.equals(TenantId.DEFAULT) || reader.value().equals(tenant);
    }

    private static void writeLine(ExportLine line, OutputStream out) {
        try {
            out.write(line.toJson());
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("the export could not be written", e);
        }
    }

    private static void flush(OutputStream out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the export could not be written", e);
        }
    }
}
