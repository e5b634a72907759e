package io.cku.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** {@code cku runs list}: your tenant's runs, newest first, following the service's cursors. */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, description = "List your tenant's runs, newest first.",
        footerHeading = "%nExamples:%n", footer = {"  cku runs list", "  cku runs list --status AWAITING_APPROVAL --mode prod",
                "  cku runs list --all -o jsonl | jq -r .id"})
final class RunList extends ApiCommand {

    @Option(names = "--status", paramLabel = "STATUS", description = "Only runs in this status (PENDING, RUNNING, AWAITING_APPROVAL, SUCCEEDED, FAILED, …)")
    String status;

    @Option(names = "--mode", paramLabel = "MODE", description = "Only runs in this mode: dev, staging or prod")
    String mode;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most this many runs (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--all", description = "Every run: follow the pages to the end")
    boolean all;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "100", description = "Runs asked for per request, 1 to 100 (default ${DEFAULT-VALUE})")
    int pageSize;

    @Mixin
    Output output;

    RunList(Environment env) {
        super(env);
    }

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new CommandFailed(ExitCode.USAGE, "--limit must be at least 1; was " + limit);
        }
        if (pageSize < 1 || pageSize > 100) {
            throw new CommandFailed(ExitCode.USAGE, "--page-size must be within 1..100; was " + pageSize);
        }
        if (mode != null && !mode.matches("dev|staging|prod")) {
            throw new CommandFailed(ExitCode.USAGE, "--mode must be dev, staging or prod; was '" + mode + "'");
        }
        ArrayNode runs = Api.JSON.createArrayNode();
        String cursor = null;
        do {
            int page = mode == null && !all ? Math.min(pageSize, limit - runs.size()) : pageSize;
            JsonNode answer = api().get("/runs?limit=" + page + (status == null ? "" : "&status=" + Runs.encode(status))
                    + (cursor == null ? "" : "&cursor=" + Runs.encode(cursor)));
            for (JsonNode run : answer.path("items")) {
                if ((mode == null || mode.equals(run.path("mode").asString())) && (all || runs.size() < limit)) {
                    runs.add(run);
                }
            }
            cursor = answer.path("nextCursor").isString() ? answer.path("nextCursor").asString() : null;
        } while (cursor != null && (all || runs.size() < limit));

        output.print(env, runs, Runs.SUMMARY, "No runs" + (status == null && mode == null ? "" : " match") + ".");
        return ExitCode.OK;
    }
}
