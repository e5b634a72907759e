package io.cku.app.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.cku.orchestrator.Attempt;
import io.cku.orchestrator.GateResult;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunChanged;
import io.cku.orchestrator.RunEvent;
import io.cku.orchestrator.RunStatus;
import io.cku.shared.Actor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts what a stored run change caused, after its transaction committed (a change rolled back counts nothing): runs
 * submitted and finished and how long they took, gate decisions, how long a person took to decide on a paused gate, step
 * attempts and their durations, healing actions. Everything comes from the change itself; nothing here queries or blocks.
 */
@Component
class RunMetrics {

    private final MeterRegistry registry;

    RunMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(RunChanged change) {
        RunEvent.Visitor<Void> counting = new Counting(change);
        change.events().forEach(event -> event.accept(counting));
    }

    /** Counts each kind of event; a visitor, so a new kind cannot be forgotten here. */
    private final class Counting implements RunEvent.Visitor<Void> {

        private final RunChanged change;
        private final String mode;

        Counting(RunChanged change) {
            this.change = change;
            this.mode = change.after().mode().wireName();
        }

        @Override
        public Void submitted(RunEvent.RunSubmitted event) {
            counter("cku.runs.submitted", "runs accepted for execution", "mode", mode).increment();
            return null;
        }

        /** An escalation repeats a pause with a later deadline: not a new decision. */
        @Override
        public Void gateDecided(RunEvent.GateDecided event) {
            GateResult gate = event.gate();
            if (!gate.escalated()) {
                counter("cku.gate.decisions", "gate decisions on runs", "gate", gate.gate(), "decision", gate.verdict().name()).increment();
            }
            return null;
        }

        /** Each attempt the step logged since the change began: one that ended. */
        @Override
        public Void stepChanged(RunEvent.StepChanged event) {
            List<Attempt> was = event.was().attemptLog();
            List<Attempt> now = event.step().attemptLog();
            for (Attempt attempt : now.subList(Math.min(was.size(), now.size()), now.size())) {
                String outcome = outcome(attempt);
                counter("cku.step.attempts", "step attempts that ended", "skill", event.step().skill(), "outcome", outcome).increment();
                if (attempt.startedAt() != null && attempt.finishedAt() != null) {
                    Meters.histogram("cku.step.duration", "how long a step attempt took", Duration.ofDays(1))
                            .tags("skill", event.step().skill(), "outcome", outcome).register(registry)
                            .record(Duration.between(attempt.startedAt(), attempt.finishedAt()));
                }
            }
            return null;
        }

        @Override
        public Void healingActed(RunEvent.HealingActed event) {
            counter("cku.healing.actions", "what healing did about failures", "action", event.action().action()).increment();
            return null;
        }

        @Override
        public Void statusChanged(RunEvent.StatusChanged event) {
            approvalWait(event);
            if (!event.to().isTerminal()) {
                return null;
            }
            Run run = change.after();
            String status = event.to().name();
            counter("cku.runs.finished", "runs that ended, by how", "mode", mode, "status", status).increment();
            Meters.histogram("cku.run.duration", "from submission to the end of a run", Duration.ofDays(7))
                    .tags("mode", mode, "status", status).register(registry)
                    .record(Duration.between(run.createdAt(), run.updatedAt()));
            return null;
        }

        /** A person's decision ended a gate's pause: the run gates again, or was refused. An expired wait is nobody's decision. */
        private void approvalWait(RunEvent.StatusChanged event) {
            Run before = change.before();
            boolean decided = event.to() == RunStatus.GATING || event.to() == RunStatus.REJECTED;
            if (before == null || event.from() != RunStatus.AWAITING_APPROVAL || !decided || change.actor().kind() == Actor.Kind.SYSTEM
                    || before.waitingStep().isPresent()) {
                return;
            }
            before.waitingGate().ifPresent(gate -> Meters.histogram("cku.approval.wait", "from a gate's pause to a person's decision",
                    Duration.ofDays(7)).tags("gate", gate.gate()).register(registry)
                    .record(Duration.between(gate.decidedAt(), change.after().updatedAt())));
        }

        private Counter counter(String name, String description, String... tags) {
            return Counter.builder(name).description(description).tags(tags).register(registry);
        }
    }

    /** An ended attempt's outcome tag: {@code succeeded}, {@code failed-transient} or {@code failed-permanent}. */
    static String outcome(Attempt attempt) {
        if (attempt.succeeded()) {
            return "succeeded";
        }
        return attempt.classification() == null ? "failed" : "failed-" + attempt.classification().name().toLowerCase(Locale.ROOT);
    }
}
