package io.cku.audit.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.cku.audit.ChainCheck;
import io.cku.audit.ChainHealth;

/**
 * Health {@code auditChain}: the latest background check (DOWN while the newest entries do not verify, the check cannot
 * run, or entries wait too long to be linked), read from memory, since the health endpoint is open and not rate-limited.
 */
@Component("auditChain")
class AuditChainHealthIndicator implements HealthIndicator {

    private final ChainHealth chain;

    AuditChainHealthIndicator(ChainHealth chain) {
        this.chain = chain;
    }

    @Override
    public Health health() {
        ChainCheck check = chain.latest();
        Health.Builder health = check.healthy() ? Health.up() : Health.down().withDetail("reason", check.summary());
        return health.withDetail("from", check.from()).withDetail("to", check.to()).withDetail("queued", check.queued())
                .withDetail("checkedAt", check.at().toString()).build();
    }
}
