package io.cku.audit;

import java.io.OutputStream;

import io.cku.shared.TenantId;

/**
 * The chain as NDJSON, one {@link io.cku.shared.audit.ExportLine} a line, for checking outside the service ({@code cku audit
 * verify --offline}, on {@link io.cku.shared.audit.ExportVerifier}).
 */
public interface AuditExport {

    /** The media type of an export: newline-delimited JSON. */
    String MEDIA_TYPE = "application/x-ndjson";

    /**
     * Writes entries {@code from..to} (inclusive) in seq order, each line ending in a newline, in bounded memory. A reader in
     * the default tenant sees every entry in full; any other reader sees its own tenant's entries in full and only the seq
     * and hashes of the others, which is all the chain needs to verify.
     *
     * @throws java.io.UncheckedIOException when writing fails, such as when the client went away
     */
    void write(long from, long to, TenantId reader, OutputStream out);
}
