package io.cku.audit.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cku.audit.AuditExport;
import io.cku.shared.audit.ExportLine;
import io.cku.shared.TenantId;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the chain a page of {@value #PAGE} entries at a time, each page one short query: a slow reader holds no database
 * connection or snapshot between pages, and memory stays bounded. Each line's fields come from the stored bytes that were
 * hashed.
 */
@Repository
class JdbcAuditExport implements AuditExport {

    private static final int PAGE = 1000;
    private static final int BUFFER_BYTES = 64 * 1024;
    /** Not the web layer's mapper, whose request limits a genuine stored entry may exceed. */
    private static final JsonMapper STORED = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    JdbcAuditExport(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void write(long from, long to, TenantId reader, OutputStream out) {
        BufferedOutputStream buffered = new BufferedOutputStream(out, BUFFER_BYTES);
        long after = Math.max(1, from) - 1;
        while (true) {
            List<ExportLine> page = jdbc.sql("""
                    SELECT seq, canonical, leaf_hash, prev_link, link_hash FROM audit_chain WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?""")
                    .params(after, to, PAGE).query((rs, n) -> line(rs, reader)).list();
            page.forEach(line -> writeLine(line, buffered));
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).seq();
        }
        flush(buffered);
    }

    private static ExportLine line(ResultSet rs, TenantId reader) throws SQLException {
        ExportLine redacted = new ExportLine(rs.getLong("seq"), null, rs.getBytes("leaf_hash"), rs.getBytes("prev_link"),
                rs.getBytes("link_hash"));
        byte[] canonical = rs.getBytes("canonical");
        JsonNode hashed;
        try {
            hashed = STORED.readTree(canonical);
        } catch (JacksonException unreadable) {
            // tampered bytes: the platform's readers get them as they are, for the verifier to report the entry
            return reader.equals(TenantId.DEFAULT) ? new ExportLine(redacted.seq(), new ExportLine.Entry("", "", "", "", "",
                    STORED.nullNode(), canonical), redacted.leafHash(), redacted.prevLink(), redacted.linkHash()) : redacted;
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
