package io.cku.auth;

import io.cku.shared.TenantId;

/** An administrator tried to manage accounts of a tenant other than their own without being a platform administrator. */
public class OutsideTenant extends RuntimeException {

    public OutsideTenant(TenantId own, TenantId target) {
        super("administrators of tenant '" + own + "' manage accounts of their own tenant only, not of '" + target + "'");
    }
}
