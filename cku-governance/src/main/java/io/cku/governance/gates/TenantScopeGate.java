package io.cku.governance.gates;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.governance.PlannedStep;
import io.cku.governance.TenantLimits;
import io.cku.governance.TenantLimits.TenantLimit;

/** Every skill, {@code http} host and the environment label of the run lie inside the tenant's configured scope. */
@Component
class TenantScopeGate implements Gate {

    private final TenantLimits limits;

    TenantScopeGate(TenantLimits limits) {
        this.limits = limits;
    }

    @Override
    public GateName name() {
        return GateName.TENANT_SCOPE;
    }

    @Override
    public GateDecision evaluate(GateContext context) {
        TenantLimit scope = limits.of(context.submitter().tenant());
        String environment = context.labels().get("environment");
        if (environment != null && !scope.environments().isEmpty() && !scope.environments().contains(environment)) {
            return GateDecision.reject(name(), "environment '" + environment + "' is outside the tenant's scope " + scope.environments());
        }
        for (PlannedStep step : context.steps()) {
            if (!scope.skills().isEmpty() && !scope.skills().contains(step.skill())) {
                return GateDecision.reject(name(), "step '" + step.name() + "' uses skill '" + step.skill()
                        + "', outside the tenant's scope " + scope.skills());
            }
            String host = host(step);
            if (host != null && !scope.hosts().isEmpty() && !allowed(host, scope.hosts())) {
                return GateDecision.reject(name(), "step '" + step.name() + "' calls host '" + host + "', outside the tenant's scope "
                        + scope.hosts());
            }
        }
        return GateDecision.pass(name(), scope.skills().isEmpty() && scope.hosts().isEmpty() && scope.environments().isEmpty()
                ? "tenant '" + context.submitter().tenant() + "' has no scope restrictions"
                : "every skill, host and environment is inside the tenant's scope");
    }

    private static String host(PlannedStep step) {
        if (!"http".equals(step.skill()) || !(step.params().get("url") instanceof String url)) {
            return null;
        }
        try {
            String host = URI.create(url).getHost();
            return host == null ? url : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException malformed) {
            return url;
        }
    }

    private static boolean allowed(String host, List<String> patterns) {
        return patterns.stream().map(p -> p.toLowerCase(Locale.ROOT)).anyMatch(pattern -> pattern.startsWith("*.")
                ? host.endsWith(pattern.substring(1)) : host.equals(pattern));
    }
}
