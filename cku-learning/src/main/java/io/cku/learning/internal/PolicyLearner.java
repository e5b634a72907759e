package io.cku.learning.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.cku.learning.LearningProperties;
import io.cku.learning.LearningProperties.Mode;
import io.cku.learning.Scores;
import io.cku.policy.PolicyVersions;
import io.cku.shared.Actor;
import io.cku.shared.TenantId;
import io.cku.shared.api.PolicyRequest;
import io.cku.shared.api.PolicyRequest.RuleRequest;
import io.cku.shared.api.PolicyView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Turns unreliable keys into learned rules, published as a new version of the tenant's policy by {@code system:learning}.
 * It only tightens: a learned rule PAUSEs {@code staging} and {@code prod} runs that use the skill on the target and warns
 * {@code dev} runs; it never rejects and never touches a rule a person wrote. A key that recovers loses its rule. A learned
 * rule a person took away (a rollback, or a version published without it) comes back only on observations made after.
 */
@Component
class PolicyLearner {

    static final String SYSTEM_LEARNING = "learning";
    private static final Logger log = LoggerFactory.getLogger(PolicyLearner.class);

    private final PolicyVersions versions;
    private final JdbcReliability reliability;
    private final JdbcOutcomes outcomes;
    private final LearningProperties properties;
    private final MeterRegistry meters;
    private final LearningRepositories repositories;

    PolicyLearner(PolicyVersions versions, JdbcReliability reliability, JdbcOutcomes outcomes, LearningRepositories repositories,
            LearningProperties properties, MeterRegistry meters) {
        this.meters = meters;
        this.repositories = repositories;
        for (String kind : List.of(LearnedChange.RULE_ADDED, LearnedChange.RULE_WITHDRAWN, LearnedChange.RULE_REMOVED_BY_PERSON)) {
            changeCounter(kind);
        }
        this.versions = versions;
        this.reliability = reliability;
        this.outcomes = outcomes;
        this.properties = properties;
    }

    /** A skill on a target: what a learned rule is about, whatever the mode of the runs that were the evidence. */
    record Key(String skill, String target) {

        String ruleName() {
            return "unreliable-" + skill + "-" + target;
        }
    }

    /** A key's counts over every mode, decayed to now. */
    record Judged(Key key, double successes, double failures, long observations, Instant lastAt) {

        double score() {
            return Scores.mean(successes, failures);
        }

        double lowerBound() {
            return Scores.lowerBound(successes, failures);
        }

        /** Judged often enough, and with a lower bound under the threshold: what a learned rule and the pattern are about. */
        boolean unreliable(LearningProperties properties) {
            return observations >= properties.minObservations() && lowerBound() < properties.unreliableBelow();
        }

        /** The figures that make it unreliable, as rules and patterns say them. */
        String evidence(double threshold) {
            return String.format(Locale.ROOT, "%d failures in %d attempts, score %.2f (95%% lower bound %.2f) < %.2f",
                    Math.round(failures), observations, score(), lowerBound(), threshold);
        }

        /** Both counts of the same key added up (two modes of it). */
        Judged plus(Judged other) {
            return new Judged(key, successes + other.successes, failures + other.failures, observations + other.observations,
                    lastAt.isAfter(other.lastAt) ? lastAt : other.lastAt);
        }
    }

    /**
     * Looks at the tenant's keys and publishes a new policy version when its learned rules should change, in the caller's
     * transaction. The tenant's {@link LearnerState} is written last: a person who froze the learner meanwhile makes this
     * transaction fail (its version moved), so nothing is published behind a freeze.
     */
    void consider(TenantId tenant, Instant now) {
        Mode mode = properties.modeOf(tenant.value());
        if (mode == Mode.OFF) {
            return;
        }
        states().ensure(tenant.value());
        LearnerState state = states().findById(tenant.value()).orElseThrow();
        if (state.frozen()) {
            return;
        }
        considerUnfrozen(tenant, mode, now);
        state.considered(now);
        states().flush(); // fails, rolling all of this back, if a person froze the learner since it was read
    }

    private void considerUnfrozen(TenantId tenant, Mode mode, Instant now) {
        List<PolicyView> all = versions.list(tenant);
        Optional<PolicyView> active = all.stream().filter(PolicyView::active).findFirst();
        Map<Key, RuleRequest> ruled = learnedRules(active);
        for (LearnedChange change : changes().latestPerKey(tenant.value())) {
            Key key = change.key();
            if (change.kind().equals(LearnedChange.RULE_ADDED) && !ruled.containsKey(key) && takenAway(change, active)) {
                changeCounter(LearnedChange.RULE_REMOVED_BY_PERSON).increment();
                changes().save(new LearnedChange(tenant.value(), LearnedChange.RULE_REMOVED_BY_PERSON, key,
                        active.map(PolicyView::version).orElse(null), Map.of("reason", "the active policy version no longer has "
                                + "the learned rule; it comes back only on observations made after " + now), now));
            }
        }
        Map<Key, Instant> pins = new HashMap<>();
        changes().latestOfKind(tenant.value(), LearnedChange.RULE_REMOVED_BY_PERSON).forEach(change -> pins.put(change.key(),
                change.createdAt()));

        Map<Key, Judged> judged = reliability.judged(tenant.value(), now);
        Set<Key> desired = new LinkedHashSet<>(ruled.keySet());
        List<Key> added = new ArrayList<>();
        List<Key> withdrawn = new ArrayList<>();
        judged.forEach((key, seen) -> {
            boolean pinned = pins.containsKey(key) && !seen.lastAt().isAfter(pins.get(key));
            boolean recovered = seen.lowerBound() >= properties.unreliableBelow() + properties.recoveryMargin();
            if (ruled.containsKey(key) && (recovered || seen.observations() < properties.minObservations())) {
                desired.remove(key);
                withdrawn.add(key);
            } else if (!ruled.containsKey(key) && !pinned && seen.unreliable(properties)) {
                desired.add(key);
                added.add(key);
            }
        });
        if (added.isEmpty() && withdrawn.isEmpty()) {
            return;
        }
        if (mode == Mode.PROPOSE && alreadyProposed(all, active, desired)) {
            return;
        }
        publish(tenant, mode, active, ruled, judged, desired, added, withdrawn, now);
    }

    private void publish(TenantId tenant, Mode mode, Optional<PolicyView> active, Map<Key, RuleRequest> ruled, Map<Key, Judged> judged,
            Set<Key> desired, List<Key> added, List<Key> withdrawn, Instant now) {
        List<RuleRequest> rules = new ArrayList<>(active.map(PolicyView::rules).orElse(List.of()).stream()
                .filter(rule -> !rule.learned()).toList());
        Map<Key, Map<String, Object>> explanations = new HashMap<>();
        for (Key key : desired) {
            if (ruled.containsKey(key)) {
                rules.addAll(active.orElseThrow().rules().stream().filter(rule -> rule.learned() && key.equals(keyOf(rule))).toList());
                continue;
            }
            Map<String, Object> explanation = explanation(tenant, judged.get(key));
            explanations.put(key, explanation);
            rules.addAll(learnedRules(key, judged.get(key), explanation, mode == Mode.SHADOW));
        }
        String reason = "learned: " + describe("unreliable", added) + describe("recovered", withdrawn);
        PolicyView version = versions.publish(new Actor(Actor.Kind.SYSTEM, SYSTEM_LEARNING, tenant),
                new PolicyRequest(rules, mode != Mode.PROPOSE, reason.replaceAll("; $", "")));
        for (Key key : added) {
            Map<String, Object> explanation = new LinkedHashMap<>(explanations.get(key));
            explanation.put("activated", mode != Mode.PROPOSE);
            explanation.put("learnerMode", mode.wireName());
            changes().save(new LearnedChange(tenant.value(), LearnedChange.RULE_ADDED, key, version.version(), explanation, now));
            changeCounter(LearnedChange.RULE_ADDED).increment();
        }
        for (Key key : withdrawn) {
            Judged seen = judged.get(key);
            changes().save(new LearnedChange(tenant.value(), LearnedChange.RULE_WITHDRAWN, key, version.version(), Map.of("score",
                    Scores.shown(seen.score()), "lowerBound", Scores.shown(seen.lowerBound()), "threshold",
                    properties.unreliableBelow() + properties.recoveryMargin(), "observations", seen.observations()), now));
            changeCounter(LearnedChange.RULE_WITHDRAWN).increment();
        }
        log.info("policy learner published version {} of tenant {} ({}): {}", version.version(), tenant, mode.wireName(), reason);
    }

    /** The two rules of an unreliable key: runs in staging and prod that use it pause at POLICY, dev runs are warned. */
    private List<RuleRequest> learnedRules(Key key, Judged seen, Map<String, Object> explanation, boolean shadow) {
        String uses = "plan.exists(s, s.skill == " + literal(key.skill()) + " && s.target == " + literal(key.target()) + ")";
        String evidence = seen.evidence(properties.unreliableBelow());
        return List.of(
                new RuleRequest(key.ruleName(), "mode in ['staging', 'prod'] && " + uses, "PAUSE",
                        key.skill() + " on " + key.target() + " is unreliable: " + evidence, shadow, PolicyRequest.LEARNED, explanation),
                new RuleRequest(key.ruleName() + "-dev", "mode == 'dev' && " + uses, "WARN",
                        key.skill() + " on " + key.target() + " is unreliable: " + evidence, shadow, PolicyRequest.LEARNED, explanation));
    }

    private Map<String, Object> explanation(TenantId tenant, Judged seen) {
        Map<String, Object> explanation = new LinkedHashMap<>();
        explanation.put("skill", seen.key().skill());
        explanation.put("target", seen.key().target());
        explanation.put("observations", seen.observations());
        explanation.put("successes", Scores.shown(seen.successes()));
        explanation.put("failures", Scores.shown(seen.failures()));
        explanation.put("score", Scores.shown(seen.score()));
        explanation.put("lowerBound", Scores.shown(seen.lowerBound()));
        explanation.put("threshold", properties.unreliableBelow());
        explanation.put("evidenceRuns", outcomes.failedRuns(tenant.value(), seen.key().skill(), seen.key().target(),
                properties.evidenceRuns()).stream().map(Object::toString).toList());
        explanation.put("settings", Map.of("halfLife", properties.halfLife().toString(), "unreliableBelow", properties.unreliableBelow(),
                "minObservations", properties.minObservations(), "recoveryMargin", properties.recoveryMargin()));
        return explanation;
    }

    /** Whether the rule learned in {@code change} was taken away by a person rather than still waiting to be activated. */
    private static boolean takenAway(LearnedChange change, Optional<PolicyView> active) {
        int activeVersion = active.map(PolicyView::version).orElse(0);
        return change.activated() || activeVersion > change.policyVersion();
    }

    /** In propose mode: the newest version is the learner's own proposal of exactly these keys, waiting for an administrator. */
    private static boolean alreadyProposed(List<PolicyView> all, Optional<PolicyView> active, Set<Key> desired) {
        return all.stream().findFirst()
                .filter(newest -> !newest.active() && newest.version() > active.map(PolicyView::version).orElse(0))
                .filter(newest -> PolicyView.LEARNING_AUTHOR.equals(newest.createdBy()))
                .map(newest -> learnedRules(Optional.of(newest)).keySet().equals(desired))
                .orElse(false);
    }

    private static Map<Key, RuleRequest> learnedRules(Optional<PolicyView> version) {
        Map<Key, RuleRequest> rules = new LinkedHashMap<>();
        version.map(PolicyView::rules).orElse(List.of()).stream().filter(RuleRequest::learned).forEach(rule -> {
            Key key = keyOf(rule);
            if (key != null) {
                rules.putIfAbsent(key, rule);
            }
        });
        return rules;
    }

    private static Key keyOf(RuleRequest rule) {
        Map<String, Object> explanation = rule.explanation();
        if (explanation == null || !(explanation.get("skill") instanceof String skill) || !(explanation.get("target") instanceof String target)) {
            return null;
        }
        return new Key(skill, target);
    }

    private Counter changeCounter(String kind) {
        return Counter.builder("cku.learning.changes").tag("kind", kind)
                .description("Changes the policy learner made: learned rules added, withdrawn, or found removed by a person").register(meters);
    }

    private static String describe(String what, List<Key> keys) {
        return keys.isEmpty() ? "" : what + " " + String.join(", ", keys.stream().map(key -> key.skill() + " on " + key.target()).toList()) + "; ";
    }

    private static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private LearnerStates states() {
        return repositories.states();
    }

    private LearnedChanges changes() {
        return repositories.changes();
    }
}
