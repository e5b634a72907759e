package io.cku.app.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cku.audit.AuditCheckpoints;
import io.cku.audit.AuditExport;
import io.cku.audit.AuditLog;
import io.cku.auth.Caller;
import io.cku.policy.Permission;
import io.cku.shared.InvalidRequest;
import io.cku.shared.audit.Verification;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The audit chain: verification and export of any range, streamed in bounded memory, and its signed checkpoints with their
 * key.
 */
@RestController
@Tag(name = "Audit", description = "The hash-chained audit log: verify it, export it, and its signed checkpoints")
class AuditController {

    private static final Logger log = LoggerFactory.getLogger(AuditController.class);
    private static final int MAX_CHECKPOINTS = 1000;
    private static final String FROM = "The first seq; 1 when absent";
    private static final String TO = "The last seq, inclusive; the newest when absent";

    private final AuditLog audit;
    private final AuditCheckpoints checkpoints;
    private final AuditExport export;

    AuditController(AuditLog audit, AuditCheckpoints checkpoints, AuditExport export) {
        this.audit = audit;
        this.checkpoints = checkpoints;
        this.export = export;
    }

    @Operation(summary = "Verify the chain", description = "Every hash and link of entries `from..to`, and the checkpoints in range.")
    @RequiresPermission(Permission.AUDIT_READ)
    @GetMapping("/audit/verify")
    Verification verify(@Parameter(description = FROM, schema = @Schema(type = "integer", minimum = "1")) @RequestParam Optional<String> from,
            @Parameter(description = TO, schema = @Schema(type = "integer", minimum = "1")) @RequestParam Optional<String> to) {
        Range range = Range.of(from, to);
        return audit.verify(range.first(), range.last());
    }

    /**
     * Entries {@code from..to} as NDJSON, written to the response as they are read; other tenants' entries are redacted to
     * their hashes unless the caller is in the default tenant.
     */
    @Operation(summary = "Export entries as NDJSON", description = """
            One JSON object per line: the hashed fields, the canonical bytes and the hashes, so `cku audit verify --offline` can check them. \
            Other tenants' entries are reduced to their seq and hashes unless the caller is in tenant `default`.""")
    @ApiResponse(responseCode = "200", description = "The entries, streamed",
            content = @Content(mediaType = AuditExport.MEDIA_TYPE, schema = @Schema(type = "string")))
    @RequiresPermission(Permission.AUDIT_READ)
    @GetMapping(path = "/audit/export", produces = AuditExport.MEDIA_TYPE)
    void export(@AuthenticationPrincipal Caller caller,
            @Parameter(description = FROM, schema = @Schema(type = "integer", minimum = "1")) @RequestParam Optional<String> from,
            @Parameter(description = TO, schema = @Schema(type = "integer", minimum = "1")) @RequestParam Optional<String> to,
            @Parameter(hidden = true) HttpServletResponse response) throws IOException {
        Range range = Range.of(from, to);

        response.setContentType(AuditExport.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        try {
            export.write(range.first(), range.last(), caller.tenant(), response.getOutputStream());
        } catch (UncheckedIOException clientGone) {
            log.debug("audit export to {} stopped: {}", caller.actor().qualifiedName(), clientGone.getMessage());
        }
    }

    /** The newest checkpoint as a C2SP signed note (text/plain), 404 before the first one. */
    @Operation(summary = "The newest signed checkpoint", description = "A C2SP signed note: origin, size, head hash, time, signature.")
    @ApiResponse(responseCode = "200", description = "The signed note", content = @Content(mediaType = MediaType.TEXT_PLAIN_VALUE,
            schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "No checkpoint has been signed yet (`checkpoint-not-found`)")
    @RequiresPermission(Permission.AUDIT_READ)
    @GetMapping(path = "/audit/checkpoints/latest", produces = MediaType.TEXT_PLAIN_VALUE)
    String latest() {
        return checkpoints.latest().orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND,
                "checkpoint-not-found", "No checkpoint yet", "no checkpoint has been signed yet; see cku.audit.checkpoint"), null));
    }

    @Operation(summary = "The newest signed checkpoints, newest first")
    @RequiresPermission(Permission.AUDIT_READ)
    @GetMapping("/audit/checkpoints")
    List<String> list(@Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "1000", defaultValue = "20"))
            @RequestParam(defaultValue = "20") String limit) {
        long count = seq("limit", limit);
        if (count > MAX_CHECKPOINTS) {
            throw InvalidRequest.of("limit", "must be at most " + MAX_CHECKPOINTS);
        }
        return checkpoints.list((int) count);
    }

    /** The verifier key of the checkpoints ({@code name+hash+base64}), for outside parties. */
    @Operation(summary = "The checkpoints' verifier key", description = "`name+hash+base64`, for outside parties.")
    @RequiresPermission(Permission.AUDIT_READ)
    @GetMapping(path = "/audit/public-key", produces = MediaType.TEXT_PLAIN_VALUE)
    String publicKey() {
        return checkpoints.publicKey();
    }

    /** Seqs {@code first..last}, both inclusive; all of them when neither is given. */
    private record Range(long first, long last) {

        static Range of(Optional<String> from, Optional<String> to) {
            long first = from.map(value -> seq("from", value)).orElse(1L);
            long last = to.map(value -> seq("to", value)).orElse(Long.MAX_VALUE);
            if (last < first) {
                throw InvalidRequest.of("to", "must not be before 'from'");
            }
            return new Range(first, last);
        }
    }

    private static long seq(String field, String value) {
        try {
            long seq = Long.parseLong(value);
            if (seq < 1) {
                throw InvalidRequest.of(field, "must be a whole number from 1");
            }
            return seq;
        } catch (NumberFormatException e) {
            throw InvalidRequest.of(field, "must be a whole number; was '" + value + "'");
        }
    }
}
