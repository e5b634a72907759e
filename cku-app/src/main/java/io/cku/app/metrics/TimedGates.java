package io.cku.app.metrics;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every gate's evaluation, {@code cku.gate.evaluation{gate}}: each {@link Gate} bean is handed to the gate manager
 * inside a timing decorator, so governance itself knows nothing of metrics. The registry is looked up at the first
 * evaluation: a post-processor's own dependencies would be created before post-processing is ready.
 */
@Component
class TimedGates implements BeanPostProcessor {

    private final ObjectProvider<MeterRegistry> registry;

    TimedGates(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof Gate gate ? new TimedGate(gate, registry) : bean;
    }

    /** A gate whose evaluations are timed; otherwise the gate itself. */
    private static final class TimedGate implements Gate {

        private final Gate gate;
        private final ObjectProvider<MeterRegistry> registry;
        private volatile Timer timer;

        TimedGate(Gate gate, ObjectProvider<MeterRegistry> registry) {
            this.gate = gate;
            this.registry = registry;
        }

        @Override
        public GateName name() {
            return gate.name();
        }

        @Override
        public GateDecision evaluate(GateContext context) {
            return timer().record(() -> gate.evaluate(context));
        }

        private Timer timer() {
            Timer known = timer;
            if (known == null) {
                known = Meters.histogram("cku.gate.evaluation", "how long a gate took to decide", Duration.ofSeconds(10))
                        .tags("gate", gate.name().name()).register(registry.getObject());
                timer = known;
            }
            return known;
        }
    }
}
