package io.cku.cli;

import java.util.List;

import io.cku.cli.Output.Column;
import io.cku.shared.api.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code cku runs evaluate}: the dry run, every gate's decision on a plan now; nothing is stored. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = {
        "Dry run: what every gate would decide on this plan for you now. Nothing is stored or run.",
        "Exits 0 when every gate passes, 1 when one would pause or reject."},
        footerHeading = "%nExamples:%n", footer = {"  cku runs evaluate -f plan.yaml", "  cku runs evaluate -f plan.yaml --mode prod -o json"})
final class RunEvaluate extends ApiCommand {

    private static final List<Column> GATES = List.of(Column.of("GATE", "gate"), Column.of("DECISION", "decision"), Column.of("REASON", "reason"));

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The plan: a .yaml, .yml or .json file, or - for standard input")
    String file;

    @Option(names = "--mode", paramLabel = "MODE", description = "dev, staging or prod (overrides the file's)")
    String mode;

    @Mixin
    Output output;

    RunEvaluate(Environment env) {
        super(env);
    }

    @Override
    public Integer call() {
        RunRequest request = Plans.amend(Plans.read(file, env), mode, java.util.Map.of(), List.of());
        Plans.check(request, file);
        JsonNode evaluation = api().post("/runs/evaluate", request);
        if (output.format(env) == Output.Format.table) {
            output.print(env, evaluation.path("gates"), GATES, "No gates.");
            env.out().println();
            env.out().println("Verdict: " + evaluation.path("verdict").asString() + " (" + evaluation.path("mode").asString() + ")");
            env.out().flush();
        } else {
            output.print(env, evaluation, GATES, "");
        }
        return "PASS".equals(evaluation.path("verdict").asString()) ? ExitCode.OK : ExitCode.FAILED;
    }
}
