package io.cku.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cku.shared.api.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code cku runs submit}: sends a plan file, and follows the run with {@code --watch}. */
@Command(name = "submit", mixinStandardHelpOptions = true, description = {
        "Submit a run from a YAML or JSON plan file: the body of POST /runs (intent, mode, plan.steps, labels, evidence).",
        "The plan is checked here first, with the service's own rules."},
        footerHeading = "%nExamples:%n", footer = {
                "  cku runs submit -f plan.yaml --watch",
                "  cku runs submit -f plan.yaml --mode prod --label team=payments --evidence-file target/site/jacoco/jacoco.xml",
                "  cat plan.json | cku runs submit -f - --watch --exit-status --timeout 30m   # in CI",
                "", "plan.yaml:",
                "  intent: deploy payments v2",
                "  mode: staging",
                "  plan:",
                "    steps:",
                "      - {name: build, skill: noop}",
                "      - {name: migrate, skill: shell, params: {command: echo, args: [migrated]}}"})
final class RunSubmit extends ApiCommand {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The plan: a .yaml, .yml or .json file, or - for standard input")
    String file;

    @Option(names = "--mode", paramLabel = "MODE", description = "dev, staging or prod (overrides the file's)")
    String mode;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label (repeatable; overrides the file's)")
    Map<String, String> labels = new HashMap<>();

    @Option(names = "--evidence-file", paramLabel = "FILE", description = "Attach a JaCoCo XML report or a SARIF log for the QUALITY gate (repeatable)")
    List<Path> evidenceFiles = new ArrayList<>();

    @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Makes a retried submission safe: the same key and plan answer the first run")
    String idempotencyKey;

    @Mixin
    WatchOptions watch;

    @Mixin
    Output output;

    RunSubmit(Environment env) {
        super(env);
    }

    @Override
    public Integer call() {
        watch.check();
        RunRequest request = Plans.amend(Plans.read(file, env), mode, labels, evidenceFiles);
        Plans.check(request, file);

        JsonNode run = api().post("/runs", request, idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
        if (!watch.watch) {
            output.print(env, run, Runs.SUMMARY, "");
            if (output.format(env) == Output.Format.table) {
                env.out().println("Follow it with: cku runs watch " + run.path("id").asString());
                env.out().flush();
            }
            return ExitCode.OK;
        }
        env.out().println("Run " + run.path("id").asString() + " submitted: " + run.path("intent").asString() + " (" + run.path("mode").asString()
                + ")");
        return watch.follow(env, api(), run.path("id").asString());
    }

    /** {@code --watch}, {@code --exit-status} and {@code --timeout}, shared by submit and watch. */
    static final class WatchOptions {

        @Option(names = {"-w", "--watch"}, description = "Follow the run live until it ends")
        boolean watch;

        @Option(names = "--exit-status", description = "Exit with the run's outcome: 0 succeeded, 1 failed, rolled back or rejected, "
                + "6 cancelled, 7 still waiting for a person at --timeout")
        boolean exitStatus;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop following after this long (30s, 10m, 2h)")
        String timeout;

        void check() {
            if (timeout != null) {
                duration();
            }
        }

        Duration duration() {
            return timeout == null ? null : Durations.parse("--timeout", timeout);
        }

        int follow(Environment env, Api api, String runId) {
            RunWatch.Ending ending = new RunWatch(env, api, runId).follow(duration());
            return exitStatus ? ending.exitCode() : ExitCode.OK;
        }
    }
}
