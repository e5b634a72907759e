package io.cku.app.web;

import io.cku.shared.InvalidRequest;
import io.cku.shared.TenantId;

/** Reads a {@code tenant} query parameter. */
final class TenantParameter {

    private TenantParameter() {
    }

    static TenantId parse(String value) {
        if (!TenantId.isValid(value)) {
            throw InvalidRequest.of("tenant", "must be 1-63 lower-case letters, digits or '-'");
        }
        return new TenantId(value);
    }
}
