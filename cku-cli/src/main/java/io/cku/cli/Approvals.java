package io.cku.cli;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.cku.cli.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code cku approvals}: the pauses waiting for people, and deciding them. */
@Command(name = "approvals", mixinStandardHelpOptions = true, description = "List the paused gates and checkpoints waiting for people; approve or reject them.",
        subcommands = {Approvals.ListPending.class, Approvals.Approve.class, Approvals.Reject.class},
        footerHeading = "%nExamples:%n", footer = {"  cku approvals list", "  cku approvals approve 7d51a0c4-… PLAN_APPROVAL --reason \"reviewed the plan\""})
final class Approvals {

    static final List<Column> PENDING = List.of(Column.of("RUN", "runId"), Column.of("GATE", "gate"), Column.of("MODE", "mode"),
            Column.of("BY", "submittedBy"), new Column("VOTES", a -> a.path("approvals").size() + "/" + a.path("approvalsNeeded").asInt()),
            Column.of("DEADLINE", "deadline"), Column.of("INTENT", "intent"));

    private Approvals() {
    }

    @Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, description = {
            "The pauses waiting for a decision, oldest first: gate, who submitted, votes so far and needed, deadline.",
            "With --watch, prints each new pause as it appears until Ctrl-C."},
            footerHeading = "%nExamples:%n", footer = {"  cku approvals list", "  cku approvals list --watch"})
    static final class ListPending extends ApiCommand {

        @Option(names = {"-w", "--watch"}, description = "Keep listing new pauses as they appear (Ctrl-C to stop)")
        boolean watch;

        @Mixin
        Output output;

        ListPending(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            JsonNode pending = api().get("/admin/approvals");
            output.print(env, pending, PENDING, "Nothing is waiting for approval.");
            if (!watch) {
                return ExitCode.OK;
            }
            Set<String> seen = new HashSet<>();
            pending.forEach(p -> seen.add(key(p)));
            new EventStream(api(), "/events?types=gate.paused,step.started", env.clock()).follow(event -> {
                for (JsonNode p : api().get("/admin/approvals")) {
                    if (seen.add(key(p))) {
                        output.print(env, p, PENDING, "");
                    }
                }
                return true;
            }, (Instant) null);
            return ExitCode.OK;
        }

        private static String key(JsonNode pause) {
            return pause.path("runId").asString() + "/" + pause.path("gate").asString() + "/" + pause.path("step").asString("");
        }
    }

    /** A decision on a paused gate. */
    abstract static class GateVote extends Vote {

        @Parameters(index = "1", paramLabel = "GATE", description = "The paused gate, such as PLAN_APPROVAL")
        String gate;

        GateVote(Environment env, String verb) {
            super(env, verb);
        }

        @Override
        String subject() {
            return "gates/" + Runs.encode(gate);
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a paused gate (not of your own run).",
            footerHeading = "%nExamples:%n", footer = {"  cku approvals approve 7d51a0c4-… PLAN_APPROVAL --reason \"reviewed the plan\""})
    static final class Approve extends GateVote {

        Approve(Environment env) {
            super(env, "approve");
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a paused gate: the run ends REJECTED.",
            footerHeading = "%nExamples:%n", footer = {"  cku approvals reject 7d51a0c4-… PLAN_APPROVAL --reason \"not during the sale\""})
    static final class Reject extends GateVote {

        Reject(Environment env) {
            super(env, "reject");
        }
    }
}
