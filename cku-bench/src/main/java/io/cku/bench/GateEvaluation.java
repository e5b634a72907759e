package io.cku.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateManager;
import io.cku.shared.Verdict;

/**
 * {@link GateManager#evaluate} deciding all nine gates of one run, as a worker does before it executes the run: a prod
 * release that passes every gate (ten CEL policy rules, freezes, approvals) and a three-step dev run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// the CEL rules and nine gates take C2 longer than the other benchmarks: shorter warmups still measured them falling
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class GateEvaluation {

    @Param({ "prod", "dev" })
    public String run;

    private GateManager gates;
    private GateContext context;

    @Setup
    public void buildGates() {
        gates = InMemoryGovernance.gateManager();
        context = run.equals("prod") ? InMemoryGovernance.prodRun() : InMemoryGovernance.devRun();
        List<GateDecision> decisions = gates.evaluate(context);
        // a run held at some gate would measure fewer than nine: the figure would not be what it claims
        if (decisions.size() != 9 || decisions.stream().anyMatch(decision -> decision.verdict() != Verdict.PASS)) {
            throw new IllegalStateException("the " + run + " run does not pass all nine gates: " + decisions);
        }
    }

    @Benchmark
    public List<GateDecision> nineGates() {
        return gates.evaluate(context);
    }
}
