package io.cku.governance.gates;

import org.springframework.stereotype.Component;

import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.governance.freeze.FreezeAction;
import io.cku.governance.freeze.FreezeCalendar;
import io.cku.governance.freeze.FreezeProperties;

/**
 * No freeze window may be active for the run's tenant and environment ({@code labels.environment}, else the mode). During a
 * freeze the run pauses until it ends or an approver overrides it, or is rejected where the window says so.
 */
@Component
class ChangeWindowGate implements Gate {

    private final FreezeCalendar calendar;

    ChangeWindowGate(FreezeProperties freezes) {
        this.calendar = new FreezeCalendar(freezes);
    }

    @Override
    public GateName name() {
        return GateName.CHANGE_WINDOW;
    }

    @Override
    public GateDecision evaluate(GateContext context) {
        String environment = context.labels().getOrDefault("environment", context.mode().wireName());
        String tenant = context.submitter().tenant().value();
        return calendar.activeAt(context.now(), tenant, environment)
                .map(freeze -> {
                    String why = "freeze '" + freeze.name() + "' is active for " + environment + " until " + freeze.endsAt();
                    return freeze.action() == FreezeAction.REJECT ? GateDecision.reject(name(), why)
                            : GateDecision.pause(name(), why + "; an approver may override it");
                })
                .orElseGet(() -> GateDecision.pass(name(), "no freeze active for " + environment + " in tenant " + tenant));
    }
}
