package io.cku.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cku.shared.Mode;
import io.cku.shared.RiskLevel;
import io.cku.shared.Verdict;

class GateManagerTest {

    private final List<GateName> evaluated = new ArrayList<>();

    @Test
    void evaluatesAllNineGatesInOrderOneToNineWhenEveryGatePasses() {
        List<Gate> registeredOutOfOrder = new ArrayList<>();
        for (GateName name : GateName.values()) {
            registeredOutOfOrder.add(0, recording(name, Verdict.PASS));
        }

        List<GateDecision> decisions = new GateManager(registeredOutOfOrder).evaluate(context(Mode.DEV));

        assertThat(decisions).extracting(GateDecision::gate).containsExactly(GateName.values());
        assertThat(decisions).extracting(decision -> decision.gate().order()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(decisions).extracting(GateDecision::verdict).containsOnly(Verdict.PASS);
        assertThat(evaluated).containsExactly(GateName.values());
    }

    @Test
    void stopsAtTheFirstRejectWithoutEvaluatingLaterGates() {
        List<Gate> gates = allPassingExcept(GateName.QUALITY, Verdict.REJECT);

        List<GateDecision> decisions = new GateManager(gates).evaluate(context(Mode.PROD));

        assertThat(decisions).extracting(GateDecision::gate).containsExactly(GateName.SECURITY, GateName.QUALITY);
        assertThat(decisions.get(1).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(evaluated).containsExactly(GateName.SECURITY, GateName.QUALITY);
    }

    @Test
    void aGatesOwnPauseBecomesARejectWhereTheModeConfiguresIt() {
        List<Gate> gates = allPassingExcept(GateName.OPERATIONS, Verdict.PAUSE);
        GovernanceProperties rejecting = new GovernanceProperties(Map.of(Mode.PROD, new GovernanceProperties.ModePolicy(null, null, null,
                null, null, null, null, null, null, null, null, null, Map.of(GateName.OPERATIONS, Verdict.REJECT), null)));

        assertThat(new GateManager(gates).evaluate(context(Mode.PROD)).get(2).verdict()).isEqualTo(Verdict.PAUSE);
        assertThat(new GateManager(gates, rejecting).evaluate(context(Mode.PROD)).get(2).verdict()).isEqualTo(Verdict.REJECT);
    }

    @Test
    void runsOnlyTheModesGatesInTheModesOrder() {
        List<Gate> gates = allPassingExcept(GateName.POLICY, Verdict.PASS);
        GovernanceProperties reordered = new GovernanceProperties(Map.of(Mode.STAGING, new GovernanceProperties.ModePolicy(
                List.of(GateName.POLICY, GateName.SECURITY, GateName.QUALITY), null, null, null, null, null, null, null, null, null, null,
                null, null, null)));

        List<GateDecision> decisions = new GateManager(gates, reordered).evaluate(context(Mode.STAGING));

        assertThat(decisions).extracting(GateDecision::gate).containsExactly(GateName.POLICY, GateName.SECURITY, GateName.QUALITY);
    }

    @Test
    void aDryRunDecidesEveryGateWithoutStopping() {
        List<Gate> gates = allPassingExcept(GateName.QUALITY, Verdict.REJECT);

        List<GateDecision> decisions = new GateManager(gates).evaluateAll(context(Mode.PROD));

        assertThat(decisions).hasSize(9);
        assertThat(decisions.get(1).verdict()).isEqualTo(Verdict.REJECT);
    }

    @Test
    void refusesAnInvalidModeConfigurationNamingTheProperty() {
        assertThatThrownBy(() -> new GovernanceProperties(Map.of(Mode.PROD, new GovernanceProperties.ModePolicy(null, 80.0, null, null,
                null, null, null, null, null, null, null, null, null, null))))
                .hasMessage("cku.governance.modes.prod.min-coverage must be a fraction within 0..1, was 80.0");
    }

    @Test
    void stopsAtTheFirstPauseWithoutEvaluatingLaterGates() {
        List<Gate> gates = allPassingExcept(GateName.CONSENSUS, Verdict.PAUSE);

        List<GateDecision> decisions = new GateManager(gates).evaluate(context(Mode.PROD));

        assertThat(decisions).hasSize(GateName.CONSENSUS.order());
        assertThat(decisions.get(decisions.size() - 1).verdict()).isEqualTo(Verdict.PAUSE);
        assertThat(evaluated).doesNotContain(GateName.POLICY);
    }

    @Test
    void refusesConstructionWhenAGateIsMissing() {
        List<Gate> withoutBudget = Arrays.stream(GateName.values())
                .filter(name -> name != GateName.BUDGET)
                .map(name -> recording(name, Verdict.PASS))
                .toList();

        assertThatThrownBy(() -> new GateManager(withoutBudget))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no gate is registered as BUDGET");
    }

    @Test
    void refusesConstructionWhenTwoGatesClaimTheSameName() {
        List<Gate> gates = new ArrayList<>(allPassingExcept(GateName.POLICY, Verdict.PASS));
        gates.add(recording(GateName.QUALITY, Verdict.PASS));

        assertThatThrownBy(() -> new GateManager(gates))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("two gates are registered as QUALITY");
    }

    @Test
    void productionGatesPassADevRunOfATenantWithoutRules() throws Exception {
        GateManager manager = new GateManager(productionGates(new GovernanceProperties(null)));
        GateContext devRun = new GateContext(UUID.randomUUID(), Mode.DEV, "build it",
                List.of(new PlannedStep("build", "noop", RiskLevel.LOW, Map.of())), Map.of(), Map.of());

        List<GateDecision> decisions = manager.evaluate(devRun);

        assertThat(decisions).extracting(GateDecision::gate).containsExactly(GateName.values());
        assertThat(decisions).extracting(GateDecision::verdict).containsOnly(Verdict.PASS);
        assertThat(decisions.get(GateName.POLICY.order() - 1).reason()).isEqualTo("no policy rules for tenant default");
    }

    @Test
    void productionGatesRejectAProdRunWithoutCoverageAtTheQualityGate() throws Exception {
        GateManager manager = new GateManager(productionGates(new GovernanceProperties(null)));

        List<GateDecision> decisions = manager.evaluate(context(Mode.PROD));

        assertThat(decisions).extracting(GateDecision::gate).containsExactly(GateName.SECURITY, GateName.QUALITY);
        assertThat(decisions.get(1).verdict()).isEqualTo(Verdict.REJECT);
    }

    /**
     * The gates the application registers. They are package-private in {@code gates}, so they are built by reflection,
     * the way Spring builds them, with empty tenant limits, no freezes and an empty policy store.
     */
    private static List<Gate> productionGates(GovernanceProperties properties) throws Exception {
        List<Gate> gates = new ArrayList<>();
        gates.add((Gate) construct("io.cku.governance.gates.QualityGate", properties));
        gates.add((Gate) construct("io.cku.governance.gates.SecurityGate"));
        gates.add((Gate) construct("io.cku.governance.gates.TenantScopeGate", new TenantLimits(null)));
        gates.add((Gate) construct("io.cku.governance.gates.BudgetGate", new TenantLimits(null), new TenantUsage() {
            @Override
            public int activeRuns(io.cku.shared.TenantId tenant, UUID run) {
                return 0;
            }

            @Override
            public int runsSince(io.cku.shared.TenantId tenant, java.time.Instant since) {
                return 0;
            }
        }));
        gates.add((Gate) construct("io.cku.governance.gates.ChangeWindowGate", new io.cku.governance.freeze.FreezeProperties(null)));
        gates.add((Gate) construct("io.cku.governance.gates.ApprovalGates$PlanApprovalGate", properties));
        gates.add((Gate) construct("io.cku.governance.gates.ApprovalGates$ConsensusGate", properties));
        gates.add((Gate) construct("io.cku.governance.gates.OperationsGate", properties, FixedChainHealth.verified(),
                LearnedReliability.NONE));
        gates.add((Gate) construct("io.cku.governance.gates.PolicyGate", new InMemoryPolicyStore()));
        return gates;
    }

    private static Object construct(String className, Object... args) throws Exception {
        Constructor<?> constructor = Class.forName(className).getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        return constructor.newInstance(args);
    }

    private List<Gate> allPassingExcept(GateName stopper, Verdict verdict) {
        return Arrays.stream(GateName.values())
                .map(name -> recording(name, name == stopper ? verdict : Verdict.PASS))
                .toList();
    }

    private Gate recording(GateName name, Verdict verdict) {
        return new Gate() {
            @Override
            public GateName name() {
                return name;
            }

            @Override
            public GateDecision evaluate(GateContext context) {
                evaluated.add(name);
                return new GateDecision(name, verdict, "decided " + verdict);
            }
        };
    }

    private static GateContext context(Mode mode) {
        return new GateContext(UUID.randomUUID(), mode, "deploy", List.of(), Map.of(), Map.of());
    }
}
