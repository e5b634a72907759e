package io.cku.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.cku.governance.GateDecision;
import io.cku.shared.api.AttemptView;
import io.cku.shared.api.GateView;
import io.cku.shared.api.RetrySpec;
import io.cku.shared.api.RunView;
import io.cku.shared.api.StepView;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jackson writing a finished three-step dev run as {@code GET /runs/{id}} answers it (the {@link RunView} that cku-app's
 * {@code RunViews} builds): nine gate decisions with the gates' own reasons, three steps with their output and attempt.
 * The mapper is Jackson's default as Spring Boot builds it; the app's only Jackson settings (float-as-int refused, read
 * limits) concern reading, not writing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Jackson's serializers were still being compiled after three seconds on a two-core machine
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RunViewWriting {

    private JsonMapper json;
    private RunView run;

    @Setup
    public void buildView() {
        json = JsonMapper.builder().findAndAddModules().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT).build();
        run = finishedDevRun();
    }

    @Benchmark
    public byte[] threeStepRun() {
        return json.writeValueAsBytes(run);
    }

    /** For the README: what one invocation writes. */
    public static void main(String[] args) {
        RunViewWriting bench = new RunViewWriting();
        bench.buildView();
        byte[] written = bench.threeStepRun();
        System.out.println(written.length + " bytes: " + new String(written, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static RunView finishedDevRun() {
        Instant created = Instant.parse("2026-12-07T12:00:00.123456Z");
        List<GateView> gates = new ArrayList<>();
        for (GateDecision decision : InMemoryGovernance.gateManager().evaluate(InMemoryGovernance.devRun())) {
            gates.add(new GateView(decision.gate().name(), decision.gate().order(), decision.verdict().name(), decision.reason(),
                    created.plusMillis(4), null));
        }
        List<StepView> steps = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Instant started = created.plusMillis(10L * i);
            Instant finished = started.plusMillis(3);
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("done", true);
            steps.add(new StepView("s" + i, "noop", false, "SUCCEEDED", 1, started, finished, output, null,
                    new RetrySpec(3, 1000L, 2.0, 30_000L, 0.2, 300_000L, List.of(), null), null,
                    List.of(new AttemptView(1, started, finished, "SUCCEEDED", null, null, null, null, null)), null, null));
        }
        return new RunView(UUID.fromString("0d6f0b1e-7c1a-4a52-9b0e-3f2c8d4e5a61").toString(), "acme", "user:dana", "bench run", "dev",
                "SUCCEEDED", null, Map.of("team", "checkout"), Map.of(), created, created.plusMillis(45), 12, gates, List.of(), steps,
                "3 of 3 steps succeeded", null, List.of(), 3);
    }
}
