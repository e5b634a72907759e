package io.cku.learning.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.cku.audit.AuditLog;
import io.cku.audit.AuditRecord;
import io.cku.learning.LearningProperties;
import io.cku.learning.Scores;
import io.cku.shared.Actor;
import io.cku.shared.TenantId;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the patterns of a tenant's outcomes and keeps {@link LearnedPattern}s in line with them: a key that is unreliable
 * (the learned rules act on these), a key whose transient failures succeed on a later attempt (the learned retry defaults
 * act on these), and a gate that pauses most runs and is always approved (only reported: people decide whether the gate
 * is worth its pauses). A pattern found or gone is audited, and so streamed as {@code learning.pattern-detected} or
 * {@code learning.pattern-resolved}.
 */
@Component
class Patterns {

    static final String UNRELIABLE = "unreliable-key";
    static final String RECOVERS = "recovers-on-attempt";
    static final String GATE_ALWAYS_APPROVED = "gate-always-approved";
    /** "Most runs": a gate pausing more than this share of the tenant's newest runs. */
    static final double MOST = 0.5;

    /** A pattern as it holds now. */
    record Found(String kind, String subject, String summary, Map<String, Object> details) {
    }

    private final JdbcReliability reliability;
    private final JdbcGatePauses pauses;
    private final LearningRepositories repositories;
    private final LearningProperties properties;
    private final AuditLog audit;
    private final JsonMapper json;

    Patterns(JdbcReliability reliability, JdbcGatePauses pauses, LearningRepositories repositories, LearningProperties properties,
            AuditLog audit, JsonMapper json) {
        this.reliability = reliability;
        this.pauses = pauses;
        this.repositories = repositories;
        this.properties = properties;
        this.audit = audit;
        this.json = json;
    }

    /** What holds in the tenant now. */
    List<Found> find(String tenant, Instant now) {
        List<Found> found = new ArrayList<>();
        reliability.judged(tenant, now).forEach((key, seen) -> {
            if (seen.unreliable(properties)) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("skill", key.skill());
                details.put("target", key.target());
                details.put("observations", seen.observations());
                details.put("failures", Scores.shown(seen.failures()));
                details.put("score", Scores.shown(seen.score()));
                details.put("lowerBound", Scores.shown(seen.lowerBound()));
                details.put("threshold", properties.unreliableBelow());
                String summary = subject(key) + " is unreliable: " + seen.evidence(properties.unreliableBelow());
                found.add(new Found(UNRELIABLE, subject(key), summary, details));
            }
        });
        reliability.recoveries(tenant).forEach((key, recovered) -> {
            if (recovered[0] >= properties.minObservations()) {
                long usual = Math.round((double) recovered[1] / recovered[0]);
                long learned = Math.min(usual + 1, properties.maxLearnedAttempts());
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("skill", key.skill());
                details.put("target", key.target());
                details.put("recoveries", recovered[0]);
                details.put("usualAttempt", usual);
                details.put("learnedAttempts", learned);
                found.add(new Found(RECOVERS, subject(key), String.format(Locale.ROOT,
                        "%s on %s recovers from transient failures: %d steps succeeded on a later attempt, usually attempt %d; steps "
                                + "without retry settings get %d attempts", key.skill(), key.target(), recovered[0], usual, learned),
                        details));
            }
        });
        for (JdbcGatePauses.GateStats gate : pauses.stats(tenant, properties.gateReportRuns())) {
            double share = (double) gate.paused() / gate.runs();
            if (gate.paused() >= properties.minObservations() && share > MOST && gate.approved() == gate.paused()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("gate", gate.gate());
                details.put("runs", gate.runs());
                details.put("paused", gate.paused());
                details.put("approved", gate.approved());
                details.put("pausedShare", Scores.shown(share));
                found.add(new Found(GATE_ALWAYS_APPROVED, gate.gate(), String.format(Locale.ROOT,
                        "gate %s paused %d of the last %d runs (%.0f%%) and people approved every one: review whether it should "
                                + "pause them (reported only; the learner never changes a gate)", gate.gate(), gate.paused(),
                        gate.runs(), share * 100), details));
            }
        }
        return found;
    }

    /**
     * Brings the tenant's stored patterns in line with what holds now, in the caller's transaction: a pattern new or back
     * is detected, one that no longer holds is resolved, each audited.
     */
    void refresh(TenantId tenant, Instant now) {
        Map<String, LearnedPattern> known = new LinkedHashMap<>();
        stored().findByTenantOrderByKindAscSubjectAsc(tenant.value()).forEach(pattern -> known.put(pattern.kind() + " " + pattern.subject(),
                pattern));
        Actor learner = new Actor(Actor.Kind.SYSTEM, PolicyLearner.SYSTEM_LEARNING, tenant);
        List<AuditRecord> records = new ArrayList<>();
        for (Found found : find(tenant.value(), now)) {
            LearnedPattern pattern = known.remove(found.kind() + " " + found.subject());
            if (pattern == null) {
                pattern = stored().save(new LearnedPattern(tenant.value(), found, now));
                records.add(record(learner, "learning.pattern-detected", pattern));
            } else if (pattern.seen(found, now)) {
                records.add(record(learner, "learning.pattern-detected", pattern));
            }
        }
        for (LearnedPattern gone : known.values()) {
            if (!gone.resolved()) {
                gone.resolve(now);
                records.add(record(learner, "learning.pattern-resolved", gone));
            }
        }
        if (!records.isEmpty()) {
            stored().flush(); // ids and versions settled before the entries are written
            audit.appendAll(records);
        }
    }

    private AuditRecord record(Actor learner, String action, LearnedPattern pattern) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", pattern.kind());
        details.put("subject", pattern.subject());
        details.put("view", json.writeValueAsString(pattern.view()));
        return new AuditRecord(learner, action, pattern.kind() + " " + pattern.subject(), details);
    }

    private static String subject(PolicyLearner.Key key) {
        return key.skill() + " on " + key.target();
    }

    private LearnedPatterns stored() {
        return repositories.patterns();
    }
}
