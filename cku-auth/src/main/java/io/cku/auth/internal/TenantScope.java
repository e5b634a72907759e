package io.cku.auth.internal;

import io.cku.auth.OutsideTenant;
import io.cku.shared.Actor;
import io.cku.shared.TenantId;

/** Which tenants an administrator manages: their own, or every one for administrators of the platform (default) tenant. */
final class TenantScope {

    private TenantScope() {
    }

    static boolean reaches(Actor by, TenantId target) {
        return by.tenant().equals(target) || by.tenant().equals(TenantId.DEFAULT);
    }

    static void require(Actor by, TenantId target) {
        if (!reaches(by, target)) {
            throw new OutsideTenant(by.tenant(), target);
        }
    }
}
