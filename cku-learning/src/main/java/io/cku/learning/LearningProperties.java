package io.cku.learning;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cku.learning}: how outcomes become reliability and learned rules.
 *
 * @param halfLife how fast old observations lose weight: an observation this old counts half
 * @param unreliableBelow a key whose 95% lower bound falls under this is unreliable
 * @param minObservations how many attempts a key needs before it can be judged
 * @param recoveryMargin a key recovers (its learned rule is withdrawn) once its lower bound is back over
 *        {@code unreliableBelow} plus this margin
 * @param mode what the learner does with what it learns, unless {@code tenants} says otherwise for a tenant
 * @param tenants a mode per tenant id
 * @param interval how often the learner looks for outcomes when nothing woke it
 * @param batchSize outcomes folded in per transaction
 * @param evidenceRuns how many run ids a learned rule's explanation names
 * @param maxLearnedAttempts the most attempts a learned retry default gives a step
 * @param riskWeight the most points the OPERATIONS gate's risk score adds for one key of the plan: a key scoring s adds
 *        {@code floor(riskWeight * (1 - s))} once it has {@code minObservations} attempts (0 turns the term off)
 * @param gateReportRuns how many of a tenant's newest finished runs the report of gates that pause most runs and are
 *        always approved reads
 */
@ConfigurationProperties("cku.learning")
public record LearningProperties(
        @DefaultValue("7d") Duration halfLife,
        @DefaultValue("0.5") double unreliableBelow,
        @DefaultValue("5") int minObservations,
        @DefaultValue("0.1") double recoveryMargin,
        @DefaultValue("auto") Mode mode,
        Map<String, Mode> tenants,
        @DefaultValue("1s") Duration interval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("10") int evidenceRuns,
        @DefaultValue("5") int maxLearnedAttempts,
        @DefaultValue("10") int riskWeight,
        @DefaultValue("1000") int gateReportRuns) {

    public LearningProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        if (halfLife.isNegative() || halfLife.isZero() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("cku.learning.half-life and interval must be positive");
        }
        if (unreliableBelow <= 0 || unreliableBelow >= 1 || recoveryMargin < 0 || unreliableBelow + recoveryMargin > 1) {
            throw new IllegalArgumentException("cku.learning.unreliable-below must be within (0, 1), and with recovery-margin at most 1");
        }
        if (minObservations < 1 || batchSize < 1 || evidenceRuns < 0 || maxLearnedAttempts < 1) {
            throw new IllegalArgumentException("cku.learning.min-observations, batch-size and max-learned-attempts must be at least 1");
        }
        if (riskWeight < 0 || gateReportRuns < 1) {
            throw new IllegalArgumentException("cku.learning.risk-weight must not be negative and gate-report-runs must be at least 1");
        }
    }

    /** The learner's mode for a tenant. */
    public Mode modeOf(String tenant) {
        return tenants.getOrDefault(tenant, mode);
    }

    /**
     * What the learner does with a change: {@code auto} publishes and activates a new policy version; {@code propose}
     * publishes it inactive for an administrator to activate; {@code shadow} publishes the learned rules as shadow rules,
     * which every run evaluates and records without being held; {@code off} learns reliability but changes no policy.
     */
    public enum Mode {
        AUTO, PROPOSE, SHADOW, OFF;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
