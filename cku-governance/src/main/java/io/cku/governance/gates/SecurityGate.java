package io.cku.governance.gates;

import org.springframework.stereotype.Component;

import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.policy.Permission;
import io.cku.shared.Mode;

/** The submitter is still enabled and holds, now, the permission to submit in the run's mode. */
@Component
class SecurityGate implements Gate {

    @Override
    public GateName name() {
        return GateName.SECURITY;
    }

    @Override
    public GateDecision evaluate(GateContext context) {
        String who = context.submitter().qualifiedName();
        if (!context.submitterActive()) {
            return GateDecision.reject(name(), who + " is disabled or no longer exists");
        }
        Permission needed = context.mode() == Mode.PROD ? Permission.RUNS_SUBMIT_PROD : Permission.RUNS_SUBMIT;
        if (!context.submitterPermissions().contains(needed)) {
            return GateDecision.reject(name(), who + " does not hold '" + needed.wireName() + "' in tenant '" + context.submitter().tenant() + "'");
        }
        return GateDecision.pass(name(), who + " is enabled and holds '" + needed.wireName() + "'");
    }
}
