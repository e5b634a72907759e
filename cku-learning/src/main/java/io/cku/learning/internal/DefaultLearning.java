package io.cku.learning.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.cku.audit.AuditLog;
import io.cku.audit.AuditRecord;
import io.cku.learning.Learning;
import io.cku.learning.LearningProperties;
import io.cku.learning.Observation;
import io.cku.learning.Outcome;
import io.cku.learning.OutcomeKind;
import io.cku.shared.Actor;
import io.cku.shared.TenantId;
import io.cku.shared.Timestamps;
import io.cku.shared.api.LearnedChangeView;
import io.cku.shared.api.ReliabilityView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Outcomes are recorded with the run's end; a batch of them is folded into reliability and marked processed in one
 * transaction (exactly once, whatever crashes), then the policy learner looks at the tenants the batch touched.
 */
@Service
class DefaultLearning implements Learning {

    private final JdbcOutcomes outcomes;
    private final JdbcFreezes freezes;
    private final AuditLog audit;
    private final JdbcReliability reliability;
    private final JdbcChanges changes;
    private final PolicyLearner learner;
    private final LearningProperties properties;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final Timer lag;
    private final Queue<TenantId> policyChangedIn = new ConcurrentLinkedQueue<>();
    /**
     * A tenant's policy is looked at once per {@link #CONSIDER_EVERY} however many batches touch it (a busy tenant's runs
     * finish in many batches a second), and at once after a person's policy change; the learner's thread, only.
     */
    private static final java.time.Duration CONSIDER_EVERY = java.time.Duration.ofSeconds(1);
    private final Map<TenantId, Boolean> outcomesSinceConsidered = new java.util.LinkedHashMap<>();
    private final Map<TenantId, Long> lastConsidered = new HashMap<>();
    /** Read at every submission of a step without retry settings: kept a moment, so a burst of runs asks the database once. */
    private static final java.time.Duration LEARNED_ATTEMPTS_FOR = java.time.Duration.ofSeconds(2);
    private final Map<String, LearnedAttempts> learnedAttempts = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Runnable wakeUp = () -> {
    };

    DefaultLearning(JdbcOutcomes outcomes, JdbcReliability reliability, JdbcChanges changes, PolicyLearner learner,
            LearningProperties properties, PlatformTransactionManager transactions, MeterRegistry meters, JdbcFreezes freezes,
            AuditLog audit) {
        this.freezes = freezes;
        this.audit = audit;
        this.outcomes = outcomes;
        this.reliability = reliability;
        this.changes = changes;
        this.learner = learner;
        this.properties = properties;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.meters = meters;
        this.lag = Timer.builder("cku.learning.lag").description("From a run's end to its outcome being folded into reliability")
                .publishPercentiles(0.5, 0.99).register(meters);
        for (OutcomeKind kind : OutcomeKind.values()) {
            outcomeCounter(kind);
        }
    }

    /** What to call once an outcome commits: the learner's bell. */
    void onRecorded(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    @Override
    public void record(Outcome outcome) {
        if (!outcomes.record(outcome)) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    outcomeCounter(outcome.kind()).increment();
                    wakeUp.run();
                }
            });
        } else {
            outcomeCounter(outcome.kind()).increment();
            wakeUp.run();
        }
    }

    @Override
    public List<ReliabilityView> reliability(TenantId tenant, Optional<String> skill, Optional<String> target, Optional<String> mode) {
        Instant now = Timestamps.now();
        return reliability.of(tenant.value(), skill, target, mode).stream().map(stored -> reliability.view(stored, now)).toList();
    }

    @Override
    public List<LearnedChangeView> changes(TenantId tenant, int limit) {
        return changes.list(tenant.value(), limit);
    }

    @Override
    public void freeze(Actor by, String reason) {
        String why = reason == null || reason.isBlank() ? "frozen by " + by.qualifiedName() : reason;
        tx.executeWithoutResult(status -> {
            freezes.freeze(by.tenant().value(), by.qualifiedName(), why, Timestamps.now());
            audit.append(new AuditRecord(by, "learning.frozen", by.tenant().value(), Map.of("reason", why)));
        });
    }

    @Override
    public void unfreeze(Actor by, String reason) {
        String why = reason == null || reason.isBlank() ? "unfrozen by " + by.qualifiedName() : reason;
        tx.executeWithoutResult(status -> {
            if (freezes.unfreeze(by.tenant().value())) {
                audit.append(new AuditRecord(by, "learning.unfrozen", by.tenant().value(), Map.of("reason", why)));
            }
        });
        policyChanged(by.tenant()); // what it held back is looked at now
    }

    @Override
    public boolean frozen(TenantId tenant) {
        return freezes.frozen(tenant.value());
    }

    @Override
    public List<ReliabilityView> invalidate(Actor by, UUID runId, String reason) {
        Set<LearningKey> keys = tx.execute(status -> {
            JdbcOutcomes.Recorded recorded = outcomes.lock(by.tenant().value(), runId).orElseThrow(() -> new OutcomeNotFound(runId));
            Map<LearningKey, JdbcReliability.Added> counted = counts(List.of(recorded.outcome()));
            if (recorded.invalidated()) {
                return counted.keySet();
            }
            if (recorded.processed()) {
                counted.forEach((key, added) -> reliability.subtract(key, added, recorded.outcome().finishedAt()));
            }
            Instant now = Timestamps.now();
            outcomes.invalidate(runId, reason, now);
            audit.append(new AuditRecord(by, "learning.outcome-invalidated", runId.toString(), Map.of("reason", reason,
                    "observations", recorded.outcome().observations().size(), "wasCounted", recorded.processed())));
            return counted.keySet();
        });
        policyChanged(by.tenant());
        Instant now = Timestamps.now();
        return keys.stream().flatMap(key -> reliability.of(key.tenant(), Optional.of(key.skill()), Optional.of(key.target()),
                Optional.of(key.mode())).stream()).map(stored -> reliability.view(stored, now)).toList();
    }

    @Override
    public OptionalInt learnedAttempts(TenantId tenant, String skill, String target) {
        String key = tenant.value() + "\u0000" + skill + "\u0000" + target;
        long now = System.nanoTime();
        LearnedAttempts cached = learnedAttempts.get(key);
        if (cached != null && now - cached.readAt() < LEARNED_ATTEMPTS_FOR.toNanos()) {
            return cached.attempts();
        }
        long[] recovered = reliability.recoveries(tenant.value(), skill, target);
        OptionalInt attempts = OptionalInt.empty();
        if (recovered[0] >= properties.minObservations()) {
            long usual = Math.round((double) recovered[1] / recovered[0]); // the attempt that usually succeeds
            attempts = OptionalInt.of((int) Math.min(usual + 1, properties.maxLearnedAttempts()));
        }
        if (learnedAttempts.size() > 10_000) {
            learnedAttempts.clear();
        }
        learnedAttempts.put(key, new LearnedAttempts(attempts, now));
        return attempts;
    }

    private record LearnedAttempts(OptionalInt attempts, long readAt) {
    }

    @Override
    public void policyChanged(TenantId tenant) {
        policyChangedIn.add(tenant);
        wakeUp.run();
    }

    @Override
    public int learnNow() {
        int folded = 0;
        Set<TenantId> considerNow = new LinkedHashSet<>();
        for (TenantId tenant = policyChangedIn.poll(); tenant != null; tenant = policyChangedIn.poll()) {
            considerNow.add(tenant);
        }
        while (true) {
            Batch batch = tx.execute(status -> foldInBatch());
            folded += batch.outcomes();
            batch.tenants().forEach(tenant -> outcomesSinceConsidered.putIfAbsent(tenant, Boolean.TRUE));
            if (batch.outcomes() < properties.batchSize()) {
                break;
            }
        }
        long nanos = System.nanoTime();
        for (TenantId tenant : List.copyOf(outcomesSinceConsidered.keySet())) {
            Long last = lastConsidered.get(tenant);
            if (last == null || nanos - last >= CONSIDER_EVERY.toNanos()) {
                outcomesSinceConsidered.remove(tenant);
                considerNow.add(tenant);
            }
        }
        Instant now = Timestamps.now();
        for (TenantId tenant : considerNow) {
            lastConsidered.put(tenant, nanos);
            tx.executeWithoutResult(status -> learner.consider(tenant, now));
        }
        return folded;
    }

    private record Batch(int outcomes, Set<TenantId> tenants) {
    }

    /** One transaction: takes pending outcomes, adds their observations to their keys, marks them processed. */
    private Batch foldInBatch() {
        List<Outcome> pending = outcomes.takePending(properties.batchSize());
        if (pending.isEmpty()) {
            return new Batch(0, Set.of());
        }
        Map<LearningKey, JdbcReliability.Added> added = counts(pending);
        Set<TenantId> tenants = new LinkedHashSet<>();
        added.keySet().forEach(key -> tenants.add(new TenantId(key.tenant())));
        reliability.add(added);
        Instant now = Timestamps.now();
        outcomes.processed(pending.stream().map(Outcome::runId).toList(), now);
        pending.forEach(outcome -> lag.record(java.time.Duration.between(outcome.finishedAt(), now)));
        return new Batch(pending.size(), tenants);
    }

    /** What outcomes add to their keys: each attempt of a run that is learned from, once. */
    private static Map<LearningKey, JdbcReliability.Added> counts(List<Outcome> outcomes) {
        Map<LearningKey, JdbcReliability.Added> added = new HashMap<>();
        for (Outcome outcome : outcomes) {
            if (!outcome.kind().learnedFrom()) {
                continue;
            }
            for (Observation observation : outcome.observations()) {
                LearningKey key = new LearningKey(outcome.tenant().value(), observation.skill(), observation.target(), outcome.mode());
                added.merge(key, new JdbcReliability.Added(0, 0, 0, outcome.finishedAt())
                        .plus(observation.succeeded(), observation.attempt(), outcome.finishedAt()), JdbcReliability.Added::merged);
            }
        }
        return added;
    }

    private Counter outcomeCounter(OutcomeKind kind) {
        return Counter.builder("cku.learning.outcomes").tag("outcome", kind.wireName())
                .description("Finished runs recorded by the learning loop, by outcome").register(meters);
    }
}
