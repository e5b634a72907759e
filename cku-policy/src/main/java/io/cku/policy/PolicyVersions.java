package io.cku.policy;

import java.util.List;

import io.cku.shared.Actor;
import io.cku.shared.TenantId;
import io.cku.shared.api.PolicyRequest;
import io.cku.shared.api.PolicyView;

/** Publishing, listing and activating versions of a tenant's policy rules; the POLICY gate reads the active one. */
public interface PolicyVersions {

    /** Validates the rules (each must compile to bool) and stores them as the tenant's next version. */
    PolicyView publish(Actor by, PolicyRequest request);

    /** The tenant's versions, newest first. */
    List<PolicyView> list(TenantId tenant);

    /** One version of the tenant's; throws {@link PolicyVersionNotFound}. */
    PolicyView get(TenantId tenant, int version);

    /** Makes a stored version the active one; throws {@link PolicyVersionNotFound}. */
    PolicyView activate(Actor by, int version, String reason);

    /** No such version in the tenant. */
    class PolicyVersionNotFound extends RuntimeException {

        public PolicyVersionNotFound(TenantId tenant, int version) {
            super("tenant '" + tenant + "' has no policy version " + version);
        }
    }
}
