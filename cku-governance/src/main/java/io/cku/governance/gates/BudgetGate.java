package io.cku.governance.gates;

import java.time.ZoneOffset;

import org.springframework.stereotype.Component;

import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.governance.TenantLimits;
import io.cku.governance.TenantLimits.TenantLimit;
import io.cku.governance.TenantUsage;
import io.cku.shared.TenantId;

/** The tenant's quotas: steps in this plan, runs gating or executing at once, runs submitted today (UTC). */
@Component
class BudgetGate implements Gate {

    private final TenantLimits limits;
    private final TenantUsage usage;

    BudgetGate(TenantLimits limits, TenantUsage usage) {
        this.limits = limits;
        this.usage = usage;
    }

    @Override
    public GateName name() {
        return GateName.BUDGET;
    }

    @Override
    public GateDecision evaluate(GateContext context) {
        TenantId tenant = context.submitter().tenant();
        TenantLimit quota = limits.of(tenant);
        if (quota.maxStepsPerRun() != null && context.steps().size() > quota.maxStepsPerRun()) {
            return exceeded(quota, context.steps().size() + " steps exceed the quota of " + quota.maxStepsPerRun() + " per run");
        }
        if (quota.maxConcurrentRuns() != null) {
            int active = usage.activeRuns(tenant, context.runId());
            if (active >= quota.maxConcurrentRuns()) {
                return exceeded(quota, active + " runs are active; the quota is " + quota.maxConcurrentRuns() + " at once");
            }
        }
        if (quota.maxRunsPerDay() != null) {
            int today = usage.runsSince(tenant, context.now().atOffset(ZoneOffset.UTC).toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC));
            if (today > quota.maxRunsPerDay()) {
                return exceeded(quota, today + " runs today exceed the quota of " + quota.maxRunsPerDay() + " per day");
            }
        }
        return GateDecision.pass(name(), "within the quotas of tenant '" + tenant + "'");
    }

    private GateDecision exceeded(TenantLimit quota, String why) {
        return new GateDecision(name(), quota.onExceeded(), why);
    }
}
