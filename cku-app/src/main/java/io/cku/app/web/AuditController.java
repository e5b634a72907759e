package io.cku.app.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cku.audit.AuditCheckpoints;
import io.cku.audit.AuditExport;
import io.cku.audit.AuditLog;
import io.cku.audit.Verification;
import io.cku.auth.Caller;
import io.cku.policy.Permission;
import io.cku.shared.InvalidRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The audit chain: verification and export of any range, streamed in bounded memory, and its signed checkpoints with their
 * key.
 */
@RestController
class AuditController {

    private static final Logger log = LoggerFactory.getLogger(AuditController.class);
    private static final int MAX_CHECKPOINTS = 1000;

    private final AuditLog audit;
    private final AuditCheckpoints checkpoints;
    private final AuditExport export;

    AuditController(AuditLog audit, AuditCheckpoints checkpoints, AuditExport export) {
        this.audit = audit;
        this.checkpoints = checkpoints;
        this.export = export;
    }

    @RequiresPermission(Permission.AUDIT_READ)
    @GetMapping("/audit/verify")
    Verification verify(@RequestParam Optional<String> from, @RequestParam Optional<String> to) {
        Range range = Range.of(from, to);
        return audit.verify(range.first(), range.last());
    }

    /**
     * Entries {@code from..to} as NDJSON, written to the response as they are read; other tenants' entries are redacted to
     * their hashes unless the caller is in the default tenant.
     */
    @RequiresPermission(Permission.AUDIT_READ)
    @GetMapping(path = "/audit/export", produces = AuditExport.MEDIA_TYPE)
    void export(@AuthenticationPrincipal Caller caller, @RequestParam Optional<String> from, @RequestParam Optional<String> to,
            HttpServletResponse response) throws IOException {
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
    @RequiresPermission(Permission.AUDIT_READ)
    @GetMapping(path = "/audit/checkpoints/latest", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> latest() {
        return checkpoints.latest().map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }

    @RequiresPermission(Permission.AUDIT_READ)
    @GetMapping("/audit/checkpoints")
    List<String> list(@RequestParam(defaultValue = "20") String limit) {
        long count = seq("limit", limit);
        if (count > MAX_CHECKPOINTS) {
            throw InvalidRequest.of("limit", "must be at most " + MAX_CHECKPOINTS);
        }
        return checkpoints.list((int) count);
    }

    /** The verifier key of the checkpoints ({@code name+hash+base64}), for outside parties. */
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
