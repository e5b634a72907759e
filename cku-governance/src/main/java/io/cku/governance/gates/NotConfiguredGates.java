package io.cku.governance.gates;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;

/**
 * Registers the gates that have nothing to check yet. Each passes and says so ("not configured"),
 * so nobody mistakes the pass for a real check.
 */
@Configuration(proxyBeanMethods = false)
class NotConfiguredGates {

    @Bean
    Gate policyGate() {
        return new NotConfigured(GateName.POLICY, "no tenant policy is configured yet");
    }

    private record NotConfigured(GateName name, String why) implements Gate {

        @Override
        public GateDecision evaluate(GateContext context) {
            return GateDecision.pass(name, "not configured: " + why);
        }
    }
}
