package io.cku.governance.gates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.governance.InMemoryPolicyStore;
import io.cku.governance.PlannedStep;
import io.cku.policy.PolicyRule;
import io.cku.policy.RuleEffect;
import io.cku.policy.Permission;
import io.cku.shared.Actor;
import io.cku.shared.Mode;
import io.cku.shared.RiskLevel;
import io.cku.shared.TenantId;
import io.cku.shared.Verdict;

class PolicyGateTest {

    private static final TenantId ACME = new TenantId("acme");
    private static final String PAYMENTS_IN_PROD = "mode == \"prod\" && labels[\"team\"] == \"payments\"";

    private final InMemoryPolicyStore store = new InMemoryPolicyStore();
    private final PolicyGate gate = new PolicyGate(store);

    @Test
    void isThePolicyGate() {
        assertThat(gate.name()).isEqualTo(GateName.POLICY);
    }

    @Test
    void passesWhenTheTenantHasNoRules() {
        GateDecision decision = gate.evaluate(run(Mode.PROD, Map.of(), Map.of()));

        assertThat(decision.verdict()).isEqualTo(Verdict.PASS);
        assertThat(decision.reason()).isEqualTo("no policy rules for tenant acme");
    }

    @Test
    void passesWhenTheTenantsActiveSetIsEmpty() {
        store.publish(ACME, List.of());

        assertThat(gate.evaluate(run(Mode.PROD, Map.of(), Map.of())).reason()).isEqualTo("no policy rules for tenant acme");
    }

    @Test
    void passesWhenNoStoreIsRegistered() {
        PolicyGate withoutStore = new PolicyGate(null);

        assertThat(withoutStore.evaluate(run(Mode.PROD, Map.of(), Map.of())).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void springCreatesTheGateWithOrWithoutARegisteredStore() {
        try (var withoutStore = new AnnotationConfigApplicationContext(PolicyGate.class)) {
            assertThat(withoutStore.getBean(PolicyGate.class).evaluate(run(Mode.PROD, Map.of(), Map.of())).verdict()).isEqualTo(Verdict.PASS);
        }
        store.publish(ACME, List.of(rule("all", "true", RuleEffect.DENY, "closed", false)));
        try (var withStore = new AnnotationConfigApplicationContext()) {
            withStore.registerBean(InMemoryPolicyStore.class, () -> store);
            withStore.register(PolicyGate.class);
            withStore.refresh();
            assertThat(withStore.getBean(PolicyGate.class).evaluate(run(Mode.PROD, Map.of(), Map.of())).reason()).isEqualTo("rule 'all' (v1): closed");
        }
    }

    @Test
    void denyRuleRejectsWithTheRulesMessageAndVersion() {
        store.publish(ACME, List.of(rule("no-payments-prod", PAYMENTS_IN_PROD, RuleEffect.DENY, "payments deploys need the CAB", false)));

        GateDecision decision = gate.evaluate(run(Mode.PROD, Map.of("team", "payments"), Map.of()));

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.reason()).isEqualTo("rule 'no-payments-prod' (v1): payments deploys need the CAB");
    }

    @Test
    void denyRulePassesARunItDoesNotMatch() {
        store.publish(ACME, List.of(rule("no-payments-prod", PAYMENTS_IN_PROD, RuleEffect.DENY, "payments deploys need the CAB", false)));

        GateDecision decision = gate.evaluate(run(Mode.STAGING, Map.of("team", "payments"), Map.of()));

        assertThat(decision.verdict()).isEqualTo(Verdict.PASS);
        assertThat(decision.reason()).isEqualTo("passed 1 rule (v1)");
    }

    @Test
    void shadowDenyRulePassesAndRecordsWhatItWouldHaveDecided() {
        store.publish(ACME, List.of(rule("no-payments-prod", PAYMENTS_IN_PROD, RuleEffect.DENY, "payments deploys need the CAB", true)));

        GateDecision decision = gate.evaluate(run(Mode.PROD, Map.of("team", "payments"), Map.of()));

        assertThat(decision.verdict()).isEqualTo(Verdict.PASS);
        assertThat(decision.reason())
                .isEqualTo("passed 1 rule (v1); shadow: rule 'no-payments-prod' would DENY: payments deploys need the CAB");
    }

    @Test
    void shadowRuleThatDoesNotMatchRecordsThatItWouldPass() {
        store.publish(ACME, List.of(rule("no-payments-prod", PAYMENTS_IN_PROD, RuleEffect.DENY, "payments deploys need the CAB", true)));

        assertThat(gate.evaluate(run(Mode.DEV, Map.of(), Map.of())).reason())
                .isEqualTo("passed 1 rule (v1); shadow: rule 'no-payments-prod' would pass");
    }

    @Test
    void pauseRulePausesWithItsMessage() {
        store.publish(ACME, List.of(rule("prod-needs-eyes", "mode == \"prod\"", RuleEffect.PAUSE, "a person looks at prod runs", false)));

        GateDecision decision = gate.evaluate(run(Mode.PROD, Map.of(), Map.of()));

        assertThat(decision.verdict()).isEqualTo(Verdict.PAUSE);
        assertThat(decision.reason()).isEqualTo("rule 'prod-needs-eyes' (v1): a person looks at prod runs");
    }

    @Test
    void denyWinsOverAnEarlierPauseAndTheReasonKeepsWarningsAndShadowOutcomes() {
        store.publish(ACME, List.of(
                rule("eyes", "true", RuleEffect.PAUSE, "look first", false),
                rule("careful", "true", RuleEffect.WARN, "be careful", false),
                rule("trial", "true", RuleEffect.PAUSE, "would look", true),
                rule("never", "true", RuleEffect.DENY, "never on this tenant", false)));

        GateDecision decision = gate.evaluate(run(Mode.DEV, Map.of(), Map.of()));

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.reason()).isEqualTo(
                "rule 'never' (v1): never on this tenant; warn: rule 'careful': be careful; shadow: rule 'trial' would PAUSE: would look");
    }

    @Test
    void warnRulePassesAndNamesTheWarning() {
        store.publish(ACME, List.of(
                rule("late", "intent.contains(\"hotfix\")", RuleEffect.WARN, "hotfixes skip review", false),
                rule("quiet", "false", RuleEffect.DENY, "never", false)));

        GateDecision decision = gate.evaluate(run(Mode.PROD, Map.of(), Map.of()));

        assertThat(decision.verdict()).isEqualTo(Verdict.PASS);
        assertThat(decision.reason()).isEqualTo("passed 2 rules (v1); warn: rule 'late': hotfixes skip review");
    }

    @Test
    void ruleOverThePlanSeesEachStepsSkillAndRisk() {
        store.publish(ACME, List.of(
                rule("no-shell", "plan.exists(s, s.skill == \"shell\" && s.risk == \"high\")", RuleEffect.DENY, "no shell in prod", false)));

        GateDecision decision = gate.evaluate(run(Mode.PROD, Map.of(), Map.of()));

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.reason()).endsWith("no shell in prod");
    }

    @Test
    void ruleOverThePlanSeesStepParams() {
        store.publish(ACME, List.of(rule("retries", "plan.exists(s, has(s.params.retries) && s.params.retries > 3)", RuleEffect.DENY,
                "at most 3 retries", false)));

        assertThat(gate.evaluate(run(Mode.PROD, Map.of(), Map.of())).verdict()).isEqualTo(Verdict.REJECT);
    }

    @Test
    void ruleOverEvidenceComparesCoverage() {
        store.publish(ACME, List.of(rule("coverage", "double(evidence[\"coverage\"]) < 0.9", RuleEffect.DENY, "coverage below 90%", false)));

        assertThat(gate.evaluate(run(Mode.PROD, Map.of(), Map.of("coverage", 0.85))).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(gate.evaluate(run(Mode.PROD, Map.of(), Map.of("coverage", 0.95))).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void evidenceNumbersFromJsonCompareWhateverTheirJavaType() {
        store.publish(ACME, List.of(rule("findings", "evidence.findings > 2 && evidence.ratio < 1", RuleEffect.DENY, "too many", false)));

        GateDecision decision = gate.evaluate(run(Mode.PROD, Map.of(), Map.of("findings", 3, "ratio", new java.math.BigDecimal("0.5"))));

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
    }

    @Test
    void ruleOverTheSubmitterSeesNameKindAndTenant() {
        store.publish(ACME, List.of(rule("no-bob", "submitter.name == \"bob\" && submitter.kind == \"user\" && submitter.tenant == \"acme\"",
                RuleEffect.DENY, "bob may not deploy", false)));

        assertThat(gate.evaluate(run(Mode.PROD, Map.of(), Map.of())).verdict()).isEqualTo(Verdict.REJECT);
    }

    @Test
    void ruleOverTimeSeesTheEvaluationInstant() {
        store.publish(ACME, List.of(rule("weekend", "time.getDayOfWeek() == 0 || time.getHours(\"Europe/Paris\") >= 18", RuleEffect.PAUSE,
                "no unattended evening deploys", false)));

        assertThat(gate.evaluate(run(Mode.PROD, Map.of(), Map.of())).verdict()).isEqualTo(Verdict.PAUSE);
    }

    @Test
    void denyRuleThatCannotBeEvaluatedFailsClosed() {
        store.publish(ACME, List.of(rule("team", "labels[\"team\"] == \"payments\"", RuleEffect.DENY, "payments", false)));

        GateDecision decision = gate.evaluate(run(Mode.PROD, Map.of(), Map.of()));

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.reason()).startsWith("rule 'team' (v1) could not be evaluated: ");
    }

    @Test
    void shadowRuleThatCannotBeEvaluatedIsOnlyRecorded() {
        store.publish(ACME, List.of(rule("cov", "evidence.coverage < 0.9", RuleEffect.DENY, "low coverage", true)));

        GateDecision decision = gate.evaluate(run(Mode.PROD, Map.of(), Map.of()));

        assertThat(decision.verdict()).isEqualTo(Verdict.PASS);
        assertThat(decision.reason()).startsWith("passed 1 rule (v1); shadow: rule 'cov' could not be evaluated: ")
                .contains("coverage");
    }

    @Test
    void storedRuleThatNoLongerCompilesFailsClosed() {
        store.publish(ACME, List.of(rule("typo", "mode ==", RuleEffect.DENY, "never", false)));

        assertThat(gate.evaluate(run(Mode.DEV, Map.of(), Map.of())).reason()).startsWith("rule 'typo' (v1) could not be evaluated: does not compile: ");
    }

    @Test
    void readsTheLatestVersionOfTheSubmittersTenantOnly() {
        store.publish(ACME, List.of(rule("a", "true", RuleEffect.DENY, "first", false)));
        store.publish(ACME, List.of(rule("a", "true", RuleEffect.WARN, "second", false)));
        store.publish(new TenantId("other"), List.of(rule("b", "true", RuleEffect.DENY, "not acme's", false)));

        GateDecision decision = gate.evaluate(run(Mode.PROD, Map.of(), Map.of()));

        assertThat(decision.verdict()).isEqualTo(Verdict.PASS);
        assertThat(decision.reason()).isEqualTo("passed 1 rule (v2); warn: rule 'a': second");
    }

    private static PolicyRule rule(String name, String expression, RuleEffect effect, String message, boolean shadow) {
        return new PolicyRule(name, expression, effect, message, shadow);
    }

    /** A hotfix run by user bob of acme on a Sunday evening (Paris), planning a high-risk shell step with 5 retries. */
    static GateContext run(Mode mode, Map<String, String> labels, Map<String, Object> evidence) {
        List<PlannedStep> steps = List.of(new PlannedStep("build", "noop", RiskLevel.LOW, Map.of()),
                new PlannedStep("migrate", "shell", RiskLevel.HIGH, Map.of("retries", 5, "command", "./migrate.sh")));
        return new GateContext(UUID.randomUUID(), mode, "hotfix: deploy payments", steps, evidence, labels,
                new Actor(Actor.Kind.USER, "bob", ACME), true, EnumSet.noneOf(Permission.class), List.of(),
                Instant.parse("2026-03-01T18:30:00Z"));
    }
}
