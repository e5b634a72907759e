package io.cku.app.web;

import java.util.Optional;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cku.audit.AuditLog;
import io.cku.audit.Verification;
import io.cku.policy.Permission;
import io.cku.shared.InvalidRequest;

/** Checks the audit chain: every hash of a range of entries, streamed in bounded memory. */
@RestController
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @RequiresPermission(Permission.AUDIT_READ)
    @GetMapping("/audit/verify")
    Verification verify(@RequestParam Optional<String> from, @RequestParam Optional<String> to) {
        long first = from.map(value -> seq("from", value)).orElse(1L);
        long last = to.map(value -> seq("to", value)).orElse(Long.MAX_VALUE);
        if (last < first) {
            throw InvalidRequest.of("to", "must not be before 'from'");
        }
        return audit.verify(first, last);
    }

    private static long seq(String field, String value) {
        try {
            long seq = Long.parseLong(value);
            if (seq < 1) {
                throw InvalidRequest.of(field, "must be a sequence number from 1");
            }
            return seq;
        } catch (NumberFormatException e) {
            throw InvalidRequest.of(field, "must be a whole number; was '" + value + "'");
        }
    }
}
