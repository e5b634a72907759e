// Measures the in-process cost of evaluating all nine governance gates of one run (no database: the tenant's usage
// and policy rules come from memory), as GateManager does for every run a worker gates.
//
//     bench/gate-bench.sh                      # builds cku-governance, then runs this file
//     bench/gate-bench.sh --iterations 500000  # more samples
//
// It prints mean, p50, p99, p99.9 and max per evaluation of the nine gates, for three runs: a prod run that passes
// all nine (approvals given, 10 policy rules, freezes configured), a dev run, and a prod run rejected at QUALITY.
// The target is p99 under 1 ms.

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.cku.audit.ChainCheck;
import io.cku.audit.ChainHealth;
import io.cku.shared.audit.Verification;
import io.cku.governance.Approval;
import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateManager;
import io.cku.governance.GateName;
import io.cku.governance.GovernanceProperties;
import io.cku.governance.LearnedReliability;
import io.cku.governance.PlannedStep;
import io.cku.policy.PolicyRule;
import io.cku.policy.PolicySet;
import io.cku.policy.PolicyStore;
import io.cku.policy.RuleEffect;
import io.cku.governance.TenantLimits;
import io.cku.governance.TenantLimits.TenantLimit;
import io.cku.governance.TenantUsage;
import io.cku.governance.freeze.FreezeProperties;
import io.cku.governance.freeze.FreezeProperties.FreezeWindow;
import io.cku.governance.freeze.FreezeProperties.Weekly;
import io.cku.policy.Permission;
import io.cku.shared.Actor;
import io.cku.shared.Mode;
import io.cku.shared.RiskLevel;
import io.cku.shared.TenantId;
import io.cku.shared.Verdict;

public class GateBench {

    private static final TenantId ACME = new TenantId("acme");

    public static void main(String[] args) throws Exception {
        int iterations = args.length >= 2 && args[0].equals("--iterations") ? Integer.parseInt(args[1]) : 200_000;
        GateManager manager = new GateManager(gates(), GovernanceProperties.defaults());
        System.out.printf(Locale.ROOT, "CKU gate benchmark: %,d evaluations of the 9 gates per case, after %,d warm-up, JDK %s, %d cores%n",
                iterations, iterations / 5, Runtime.version(), Runtime.getRuntime().availableProcessors());
        measure("prod, all 9 pass (approved, 10 rules)", manager, prodRun(0.91, true), iterations);
        measure("dev, all 9 pass", manager, devRun(), iterations);
        measure("prod, rejected at QUALITY", manager, prodRun(0.5, true), iterations);
    }

    private static void measure(String name, GateManager manager, GateContext run, int iterations) {
        int gates = manager.evaluate(run).size();
        Verdict last = manager.evaluate(run).get(gates - 1).verdict();
        for (int i = 0; i < iterations / 5; i++) {
            manager.evaluate(run);
        }
        long[] nanos = new long[iterations];
        long started = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            manager.evaluate(run);
            nanos[i] = System.nanoTime() - t;
        }
        long total = System.nanoTime() - started;
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-40s gates %d, last %-6s mean %7.1f us  p50 %7.1f us  p99 %7.1f us  p99.9 %7.1f us  max %8.1f us  (%,.0f runs/s on one thread)%n",
                name, gates, last, Arrays.stream(nanos).average().orElse(0) / 1000, nanos[iterations / 2] / 1000.0,
                nanos[(int) (iterations * 0.99)] / 1000.0, nanos[(int) (iterations * 0.999)] / 1000.0, nanos[iterations - 1] / 1000.0,
                iterations / (total / 1e9));
    }

    private static GateContext prodRun(double coverage, boolean approved) {
        List<PlannedStep> steps = List.of(
                new PlannedStep("build", "noop", RiskLevel.LOW, Map.of()),
                new PlannedStep("migrate", "http", RiskLevel.MEDIUM, Map.of("url", "https://api.acme.test/migrate", "method", "POST")),
                new PlannedStep("deploy", "http", RiskLevel.MEDIUM, Map.of("url", "https://deploy.internal.acme.test/v1", "method", "POST")),
                new PlannedStep("smoke", "http", RiskLevel.LOW, Map.of("url", "https://api.acme.test/health")),
                new PlannedStep("note", "noop", RiskLevel.LOW, Map.of()));
        Instant now = Instant.now();
        List<Approval> approvals = approved ? List.of(
                new Approval(GateName.PLAN_APPROVAL, "user:alice", true, "plan ok", now),
                new Approval(GateName.CONSENSUS, "user:alice", true, "ok", now),
                new Approval(GateName.CONSENSUS, "user:bob", true, "ok", now)) : List.of();
        return new GateContext(UUID.randomUUID(), Mode.PROD, "release checkout 7.3", steps,
                Map.of("coverage", coverage, "lint", "passed"), Map.of("team", "checkout", "environment", "prod"),
                new Actor(Actor.Kind.USER, "dana", ACME), true, EnumSet.allOf(Permission.class), approvals, now);
    }

    private static GateContext devRun() {
        return new GateContext(UUID.randomUUID(), Mode.DEV, "try it", List.of(new PlannedStep("a", "noop", RiskLevel.LOW, Map.of())),
                Map.of(), Map.of("team", "checkout"), new Actor(Actor.Kind.USER, "dana", ACME), true, EnumSet.allOf(Permission.class),
                List.of(), Instant.now());
    }

    private static List<Gate> gates() throws Exception {
        GovernanceProperties modes = GovernanceProperties.defaults();
        TenantLimits limits = new TenantLimits(Map.of("acme", new TenantLimit(List.of("noop", "http"),
                List.of("api.acme.test", "*.internal.acme.test"), List.of("staging", "prod"), 10, 1000, 50, null)));
        TenantUsage usage = new TenantUsage() {
            @Override
            public int activeRuns(TenantId tenant, UUID run) {
                return 3;
            }

            @Override
            public int runsSince(TenantId tenant, Instant since) {
                return 42;
            }
        };
        FreezeProperties freezes = new FreezeProperties(Map.of("acme", List.of(
                new FreezeWindow("year-end", List.of("prod"), Instant.parse("2099-12-20T00:00:00Z"), Instant.parse("2100-01-04T00:00:00Z"), null, null),
                new FreezeWindow("sunday", List.of("prod"), null, null, new Weekly(List.of("SUNDAY"), "00:00", "06:00"), null))));
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
        PolicyStore store = tenant -> Optional.of(new PolicySet(tenant, 3, rules));
        ChainCheck verified = new ChainCheck(1, 10_000, Verification.ok(10_000), 0, Duration.ZERO, false, Instant.now());
        ChainHealth chain = new ChainHealth() {
            @Override
            public ChainCheck latest() {
                return verified;
            }

            @Override
            public ChainCheck checkNow() {
                return verified;
            }
        };

        return List.of(
                (Gate) construct("io.cku.governance.gates.SecurityGate"),
                (Gate) construct("io.cku.governance.gates.QualityGate", modes),
                (Gate) construct("io.cku.governance.gates.OperationsGate", modes, chain, LearnedReliability.NONE),
                (Gate) construct("io.cku.governance.gates.ApprovalGates$PlanApprovalGate", modes),
                (Gate) construct("io.cku.governance.gates.TenantScopeGate", limits),
                (Gate) construct("io.cku.governance.gates.BudgetGate", limits, usage),
                (Gate) construct("io.cku.governance.gates.ChangeWindowGate", freezes),
                (Gate) construct("io.cku.governance.gates.ApprovalGates$ConsensusGate", modes),
                (Gate) construct("io.cku.governance.gates.PolicyGate", store));
    }

    /** The gates are package-private (Spring builds them); the benchmark builds them the same way. */
    private static Object construct(String className, Object... args) throws Exception {
        Constructor<?> constructor = Class.forName(className).getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        return constructor.newInstance(args);
    }
}
