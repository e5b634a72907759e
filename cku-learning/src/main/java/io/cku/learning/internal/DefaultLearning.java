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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
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
import io.cku.shared.api.PatternView;
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

    private static final Logger log = LoggerFactory.getLogger(DefaultLearning.class);

    private final JdbcOutcomes outcomes;
    private final LearningRepositories repositories;
    private final AuditLog audit;
    private final JdbcReliability reliability;
    private final Patterns finder;
    private final JdbcGatePauses pauses;
    private final PolicyLearner learner;
    private final LearningProperties properties;
    /** Plain JDBC work: folding outcomes in, invalidating one. */
    private final TransactionTemplate tx;
    /** Work on the JPA aggregates (with the JDBC statements that go with it): the policy learner, patterns, freezes. */
    private final TransactionTemplate entities;
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
    /** Read at every submission of a step without retry settings, and at every OPERATIONS gate: kept a moment. */
    private static final java.time.Duration KEEP_KNOWN = java.time.Duration.ofSeconds(2);
    private final Recent<LearningKey, OptionalInt> learnedAttempts;
    private final Recent<LearningKey, Optional<Known>> known;
    private volatile Runnable wakeUp = () -> {
    };

    DefaultLearning(JdbcOutcomes outcomes, JdbcReliability reliability, LearningRepositories repositories, Patterns finder,
            JdbcGatePauses pauses, PolicyLearner learner, LearningProperties properties, PlatformTransactionManager transactions,
            @Qualifier(LearningJpa.TRANSACTIONS) @Lazy PlatformTransactionManager entityTransactions, MeterRegistry meters,
            AuditLog audit) {
        this.repositories = repositories;
        this.audit = audit;
        this.outcomes = outcomes;
        this.reliability = reliability;
        this.finder = finder;
        this.pauses = pauses;
        this.learnedAttempts = new Recent<>(KEEP_KNOWN, 10_000, this::readLearnedAttempts);
        this.known = new Recent<>(KEEP_KNOWN, 10_000, this::readKnown);
        this.learner = learner;
        this.properties = properties;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.entities = new TransactionTemplate(entityTransactions);
        this.entities.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
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
        return entities.execute(status -> changes().findByTenantOrderByIdDesc(tenant.value(), Limit.of(limit)).stream()
                .map(LearnedChange::view)
                .toList());
    }

    @Override
    public List<PatternView> patterns(TenantId tenant, boolean resolvedToo) {
        return entities.execute(status -> (resolvedToo ? patterns().findByTenantOrderByKindAscSubjectAsc(tenant.value())
                : patterns().findByTenantAndResolvedAtIsNullOrderByKindAscSubjectAsc(tenant.value())).stream().map(LearnedPattern::view)
                .toList());
    }

    @Override
    public void pauseEnded(UUID runId, TenantId tenant, String gate, boolean approved, Instant at) {
        pauses.record(runId, tenant.value(), gate, approved, at);
    }

    @Override
    public void freeze(Actor by, String reason) {
        String why = reason == null || reason.isBlank() ? "frozen by " + by.qualifiedName() : reason;
        changeState(by, state -> {
            state.freeze(by.qualifiedName(), why, Timestamps.now());
            audit.append(new AuditRecord(by, "learning.frozen", by.tenant().value(), Map.of("reason", why)));
        });
    }

    @Override
    public void unfreeze(Actor by, String reason) {
        String why = reason == null || reason.isBlank() ? "unfrozen by " + by.qualifiedName() : reason;
        changeState(by, state -> {
            if (state.unfreeze()) {
                audit.append(new AuditRecord(by, "learning.unfrozen", by.tenant().value(), Map.of("reason", why)));
            }
        });
        policyChanged(by.tenant()); // what it held back is looked at now
    }

    /**
     * A person's change to the tenant's learner state, in its own transaction, on the state locked: people's changes queue
     * behind each other, and a learner that decided on an older copy fails on its version (and looks again).
     */
    private void changeState(Actor by, java.util.function.Consumer<LearnerState> change) {
        entities.executeWithoutResult(status -> {
            states().ensure(by.tenant().value());
            LearnerState state = states().lockedFor(by.tenant().value()).orElseThrow();
            change.accept(state);
            states().flush();
        });
    }

    @Override
    public boolean frozen(TenantId tenant) {
        return Boolean.TRUE.equals(entities.execute(status -> states().findById(tenant.value()).map(LearnerState::frozen).orElse(false)));
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
        return learnedAttempts.get(new LearningKey(tenant.value(), skill, target, "*"));
    }

    private OptionalInt readLearnedAttempts(LearningKey key) {
        long[] recovered = reliability.recoveries(key.tenant(), key.skill(), key.target());
        if (recovered[0] < properties.minObservations()) {
            return OptionalInt.empty();
        }
        long usual = Math.round((double) recovered[1] / recovered[0]); // the attempt that usually succeeds
        return OptionalInt.of((int) Math.min(usual + 1, properties.maxLearnedAttempts()));
    }

    @Override
    public Optional<Known> known(TenantId tenant, String skill, String target) {
        return known.get(new LearningKey(tenant.value(), skill, target, "*"));
    }

    private Optional<Known> readKnown(LearningKey key) {
        return reliability.judged(key.tenant(), key.skill(), key.target(), Timestamps.now())
                .filter(seen -> seen.observations() >= properties.minObservations())
                .map(seen -> new Known(key.skill(), key.target(), seen.score(), seen.lowerBound(), seen.observations(),
                        (int) Math.floor(properties.riskWeight() * (1 - seen.score()))));
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
            try {
                entities.executeWithoutResult(status -> finder.refresh(tenant, now));
                entities.executeWithoutResult(status -> learner.consider(tenant, now));
            } catch (ConcurrencyFailureException | DataIntegrityViolationException e) {
                // a person froze the learner, or another instance's learner changed the same state: look again next round
                log.info("tenant {}'s learner state or patterns changed meanwhile ({}); looking again", tenant, e.getMessage());
                policyChangedIn.add(tenant);
            }
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
        Set<TenantId> tenants = new LinkedHashSet<>(); // every tenant with an outcome: patterns read runs that made no observation too
        pending.forEach(outcome -> tenants.add(outcome.tenant()));
        reliability.add(added);
        Instant now = Timestamps.now();
        outcomes.processed(pending.stream().map(Outcome::runId).toList(), now);
        audit.appendAll(pending.stream().map(DefaultLearning::recorded).toList());
        pending.forEach(outcome -> lag.record(java.time.Duration.between(outcome.finishedAt(), now)));
        return new Batch(pending.size(), tenants);
    }

    /** The audit entry of an outcome folded in, streamed as {@code learning.outcome-recorded} on the run's stream. */
    private static AuditRecord recorded(Outcome outcome) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("runId", outcome.runId().toString());
        details.put("outcome", outcome.kind().wireName());
        details.put("mode", outcome.mode());
        details.put("learnedFrom", outcome.kind().learnedFrom());
        details.put("observations", outcome.observations().size());
        details.put("failedAttempts", outcome.observations().stream().filter(observation -> !observation.succeeded()).count());
        details.put("finishedAt", outcome.finishedAt().toString());
        return new AuditRecord(new Actor(Actor.Kind.SYSTEM, PolicyLearner.SYSTEM_LEARNING, outcome.tenant()), "learning.outcome-recorded",
                outcome.runId().toString(), details);
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

    private LearnerStates states() {
        return repositories.states();
    }

    private LearnedChanges changes() {
        return repositories.changes();
    }

    private LearnedPatterns patterns() {
        return repositories.patterns();
    }
}
