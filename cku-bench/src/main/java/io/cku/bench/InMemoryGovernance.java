package io.cku.bench;

import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.cku.audit.ChainCheck;
import io.cku.audit.ChainHealth;
import io.cku.governance.Approval;
import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateManager;
import io.cku.governance.GateName;
import io.cku.governance.GovernanceProperties;
import io.cku.governance.LearnedReliability;
import io.cku.governance.PlannedStep;
import io.cku.governance.TenantLimits;
import io.cku.governance.TenantLimits.TenantLimit;
import io.cku.governance.TenantUsage;
import io.cku.governance.freeze.FreezeProperties;
import io.cku.governance.freeze.FreezeProperties.FreezeWindow;
import io.cku.governance.freeze.FreezeProperties.Weekly;
import io.cku.policy.Permission;
import io.cku.policy.PolicyRule;
import io.cku.policy.PolicySet;
import io.cku.policy.PolicyStore;
import io.cku.policy.RuleEffect;
import io.cku.shared.Actor;
import io.cku.shared.Mode;
import io.cku.shared.RiskLevel;
import io.cku.shared.TenantId;
import io.cku.shared.audit.Verification;

/**
 * The nine gates built as bench/GateBench.java builds them, with no database: the tenant's usage, limits, freezes, ten policy
 * rules and the audit chain's health come from memory. Learned reliability is {@link LearnedReliability#NONE}, as with
 * learning absent.
 */
final class InMemoryGovernance {

    private static final TenantId ACME = new TenantId("acme");

    private InMemoryGovernance() {
    }

    static GateManager gateManager() {
        GovernanceProperties modes = GovernanceProperties.defaults();
        TenantLimits limits = new TenantLimits(Map.of("acme", new TenantLimit(List.of("noop", "http"),
                List.of("api.acme.test", "*.internal.acme.test"), List.of("staging", "prod"), 10, 1000, 50, null)));
        ChainCheck verified = new ChainCheck(1, 10_000, Verification.ok(10_000), 0, Duration.ZERO, false, Instant.now());

        return new GateManager(List.of(
                gate("SecurityGate"),
                gate("QualityGate", modes),
                gate("OperationsGate", modes, chainReporting(verified), LearnedReliability.NONE),
                gate("ApprovalGates$PlanApprovalGate", modes),
                gate("TenantScopeGate", limits),
                gate("BudgetGate", limits, usage(3, 42)),
                gate("ChangeWindowGate", freezes()),
                gate("ApprovalGates$ConsensusGate", modes),
                gate("PolicyGate", policy())), modes);
    }

    /** A prod release of five steps that passes all nine gates: evidence given, plan approved, two approvers agreed. */
    static GateContext prodRun() {
        List<PlannedStep> steps = List.of(
                new PlannedStep("build", "noop", RiskLevel.LOW, Map.of()),
                new PlannedStep("migrate", "http", RiskLevel.MEDIUM, Map.of("url", "https://api.acme.test/migrate", "method", "POST")),
                new PlannedStep("deploy", "http", RiskLevel.MEDIUM, Map.of("url", "https://deploy.internal.acme.test/v1", "method", "POST")),
                new PlannedStep("smoke", "http", RiskLevel.LOW, Map.of("url", "https://api.acme.test/health")),
                new PlannedStep("note", "noop", RiskLevel.LOW, Map.of()));
        Instant now = Instant.now();
        List<Approval> approvals = List.of(
                new Approval(GateName.PLAN_APPROVAL, "user:alice", true, "plan ok", now),
                new Approval(GateName.CONSENSUS, "user:alice", true, "ok", now),
                new Approval(GateName.CONSENSUS, "user:bob", true, "ok", now));
        return new GateContext(UUID.randomUUID(), Mode.PROD, "release checkout 7.3", steps,
                Map.of("coverage", 0.91, "lint", "passed"), Map.of("team", "checkout", "environment", "prod"),
                new Actor(Actor.Kind.USER, "dana", ACME), true, EnumSet.allOf(Permission.class), approvals, now);
    }

    /** A dev run of three noop steps, as bench/run-bench.sh submits them. */
    static GateContext devRun() {
        List<PlannedStep> steps = List.of(
                new PlannedStep("s1", "noop", RiskLevel.LOW, Map.of()),
                new PlannedStep("s2", "noop", RiskLevel.LOW, Map.of()),
                new PlannedStep("s3", "noop", RiskLevel.LOW, Map.of()));
        return new GateContext(UUID.randomUUID(), Mode.DEV, "bench run", steps, Map.of(), Map.of("team", "checkout"),
                new Actor(Actor.Kind.USER, "dana", ACME), true, EnumSet.allOf(Permission.class), List.of(), Instant.now());
    }

    private static TenantUsage usage(int active, int lately) {
        return new TenantUsage() {
            @Override
            public int activeRuns(TenantId tenant, UUID run) {
                return active;
            }

            @Override
            public int runsSince(TenantId tenant, Instant since) {
                return lately;
            }
        };
    }

    private static ChainHealth chainReporting(ChainCheck check) {
        return new ChainHealth() {
            @Override
            public ChainCheck latest() {
                return check;
            }

            @Override
            public ChainCheck checkNow() {
                return check;
            }
        };
    }

    private static FreezeProperties freezes() {
        return new FreezeProperties(Map.of("acme", List.of(
                new FreezeWindow("year-end", List.of("prod"), Instant.parse("2099-12-20T00:00:00Z"), Instant.parse("2100-01-04T00:00:00Z"),
                        null, null),
                new FreezeWindow("sunday", List.of("prod"), null, null, new Weekly(List.of("SUNDAY"), "00:00", "06:00"), null))));
    }

    private static PolicyStore policy() {
        List<PolicyRule> rules = new ArrayList<>();
        rules.add(new PolicyRule("no-shell", "plan.exists(s, s.skill == \"shell\")", RuleEffect.DENY, "no shell", false));
        rules.add(new PolicyRule("coverage", "mode == \"prod\" && double(evidence[\"coverage\"]) < 0.85", RuleEffect.DENY, "coverage", false));
        rules.add(new PolicyRule("team", "!(\"team\" in labels)", RuleEffect.DENY, "label your team", false));
        rules.add(new PolicyRule("big", "size(plan) > 20", RuleEffect.PAUSE, "big plan", false));
        rules.add(new PolicyRule("intern", "submitter.name.startsWith(\"intern-\") && mode == \"prod\"", RuleEffect.DENY, "no", false));
        rules.add(new PolicyRule("http-get", "plan.all(s, s.skill != \"http\" || \"url\" in s.params)", RuleEffect.WARN, "x", true));
        rules.add(new PolicyRule("payments", "labels[\"team\"] == \"payments\"", RuleEffect.PAUSE, "payments", false));
        rules.add(new PolicyRule("intent", "intent.contains(\"drop\")", RuleEffect.DENY, "no drops", false));
        rules.add(new PolicyRule("high", "plan.exists(s, s.risk == \"high\")", RuleEffect.WARN, "high risk", false));
        rules.add(new PolicyRule("shadow", "mode == \"prod\" && size(plan) > 3", RuleEffect.DENY, "would deny", true));
        PolicySet set = new PolicySet(ACME, 3, rules);
        return tenant -> Optional.of(set);
    }

    /** The gates are package-private (Spring builds them), so they are built here through their one constructor. */
    private static Gate gate(String simpleName, Object... arguments) {
        Class<?> type = Internals.type("io.cku.governance.gates." + simpleName);
        Class<?>[] parameters = type.getDeclaredConstructors()[0].getParameterTypes();
        MethodHandle constructor = Internals.constructor(type, parameters);
        try {
            return (Gate) constructor.invokeWithArguments(arguments);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot build " + simpleName, e);
        }
    }
}
