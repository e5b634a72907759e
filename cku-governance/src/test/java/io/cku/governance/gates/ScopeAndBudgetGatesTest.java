package io.cku.governance.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.PlannedStep;
import io.cku.governance.TenantLimits;
import io.cku.governance.TenantLimits.TenantLimit;
import io.cku.governance.TenantUsage;
import io.cku.policy.Permission;
import io.cku.shared.Actor;
import io.cku.shared.Mode;
import io.cku.shared.RiskLevel;
import io.cku.shared.TenantId;
import io.cku.shared.Verdict;

/** TENANT_SCOPE and BUDGET against a tenant's configured scope and quotas. */
class ScopeAndBudgetGatesTest {

    private static final TenantId ACME = new TenantId("acme");
    private static final TenantLimits LIMITS = new TenantLimits(Map.of(
            "acme", new TenantLimit(List.of("noop", "http"), List.of("api.acme.test", "*.internal.acme.test"), List.of("prod", "qa"),
                    2, 10, 3, null),
            "*", new TenantLimit(List.of("noop"), null, null, null, null, null, Verdict.REJECT)));

    private int active;
    private int today;
    private final TenantUsage usage = new TenantUsage() {
        @Override
        public int activeRuns(TenantId tenant, UUID run) {
            return active;
        }

        @Override
        public int runsSince(TenantId tenant, Instant since) {
            return today;
        }
    };
    private final TenantScopeGate scope = new TenantScopeGate(LIMITS);
    private final BudgetGate budget = new BudgetGate(LIMITS, usage);

    @Test
    void rejectsASkillOutsideTheTenantsScope() {
        GateDecision decision = scope.evaluate(run(ACME, Map.of(), step("x", "shell", Map.of())));

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.reason()).isEqualTo("step 'x' uses skill 'shell', outside the tenant's scope [noop, http]");
    }

    @Test
    void allowsListedHostsAndSubdomainsAndRejectsOthers() {
        assertThat(scope.evaluate(run(ACME, Map.of(), step("a", "http", Map.of("url", "https://api.acme.test/x")),
                step("b", "http", Map.of("url", "http://db.internal.acme.test:8080/")))).verdict()).isEqualTo(Verdict.PASS);
        GateDecision outside = scope.evaluate(run(ACME, Map.of(), step("c", "http", Map.of("url", "https://evil.test/"))));
        assertThat(outside.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(outside.reason()).contains("calls host 'evil.test'");
    }

    @Test
    void rejectsAnEnvironmentLabelOutsideTheScopeAndAppliesTheEveryTenantEntry() {
        assertThat(scope.evaluate(run(ACME, Map.of("environment", "staging"), step("a", "noop", Map.of()))).verdict())
                .isEqualTo(Verdict.REJECT);
        assertThat(scope.evaluate(run(new TenantId("other"), Map.of(), step("a", "http", Map.of()))).verdict())
                .isEqualTo(Verdict.REJECT);
    }

    @Test
    void pausesOverTheConcurrentRunQuotaAndAtTheBoundaryPasses() {
        active = 1;
        assertThat(budget.evaluate(run(ACME, Map.of(), step("a", "noop", Map.of()))).verdict()).isEqualTo(Verdict.PASS);

        active = 2;
        GateDecision over = budget.evaluate(run(ACME, Map.of(), step("a", "noop", Map.of())));
        assertThat(over.verdict()).isEqualTo(Verdict.PAUSE);
        assertThat(over.reason()).isEqualTo("2 runs are active; the quota is 2 at once");
    }

    @Test
    void countsRunsPerDayAndStepsPerRun() {
        today = 10;
        assertThat(budget.evaluate(run(ACME, Map.of(), step("a", "noop", Map.of()))).verdict()).isEqualTo(Verdict.PASS);
        today = 11;
        assertThat(budget.evaluate(run(ACME, Map.of(), step("a", "noop", Map.of()))).reason()).contains("11 runs today");
        today = 0;
        GateDecision tooLong = budget.evaluate(run(ACME, Map.of(), step("a", "noop", Map.of()), step("b", "noop", Map.of()),
                step("c", "noop", Map.of()), step("d", "noop", Map.of())));
        assertThat(tooLong.reason()).isEqualTo("4 steps exceed the quota of 3 per run");
    }

    @Test
    void refusesAQuotaBelowOneNamingTheProperty() {
        assertThatThrownBy(() -> new TenantLimits(Map.of("acme", new TenantLimit(null, null, null, 0, null, null, null))))
                .hasMessage("cku.governance.tenants.acme: quotas must be at least 1, was 0");
    }

    private static PlannedStep step(String name, String skill, Map<String, Object> params) {
        return new PlannedStep(name, skill, RiskLevel.LOW, params);
    }

    private static GateContext run(TenantId tenant, Map<String, String> labels, PlannedStep... steps) {
        return new GateContext(UUID.randomUUID(), Mode.PROD, "deploy", List.of(steps), Map.of(), labels,
                new Actor(Actor.Kind.USER, "alice", tenant), true, EnumSet.allOf(Permission.class), List.of(), Instant.now());
    }
}
