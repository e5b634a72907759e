package io.cku.cli;

import tools.jackson.databind.JsonNode;

/** The watch for pipes, files and CI logs: one plain line per event, and what to type at a pause. */
final class PlainLines implements RunWatch.Display {

    private final Environment env;
    private final String runId;

    PlainLines(Environment env, String runId) {
        this.env = env;
        this.runId = runId;
    }

    @Override
    public void started(JsonNode run) {
        env.out().flush();
    }

    @Override
    public void event(JsonNode event) {
        env.out().println(RunText.line(event));
        String hint = RunText.hint(runId, event);
        if (hint != null) {
            for (String line : hint.split("\n")) {
                env.out().println("          " + line.strip());
            }
        }
        env.out().flush();
    }

    @Override
    public void ended(JsonNode run, boolean timedOut) {
        String status = run.path("status").asString();
        if (timedOut) {
            env.out().println("Stopped watching at --timeout: run " + runId + " is " + status + "; it goes on (cku runs watch " + runId + ")");
        } else {
            env.out().println("Run " + runId + " " + status + (run.path("outcome").isString() ? ": " + run.path("outcome").asString() : ""));
        }
        env.out().flush();
    }

    @Override
    public void interrupted() {
        env.out().flush();
    }
}
