package io.cku.orchestrator.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import io.cku.orchestrator.Run;
import io.cku.shared.InvalidRequest;

/** A position in the newest-first run listing, opaque to clients. */
record RunCursor(Instant createdAt, UUID id) {

    static RunCursor after(Run run) {
        return new RunCursor(run.createdAt(), run.id().value());
    }

    String encode() {
        String text = createdAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static RunCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            return new RunCursor(Instant.parse(text.substring(0, bar)), UUID.fromString(text.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw InvalidRequest.of("cursor", "is not a cursor this service handed out");
        }
    }
}
