package io.cku.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

/**
 * The watch on a terminal: a block redrawn in place (the gates as they decide, a progress bar over the steps with the
 * current step, its attempt and the elapsed time, and what to type at a pause), with what matters printed above it as it
 * happens. Written whole per frame, so it does not flicker; colours only without {@code NO_COLOR}; cut to the width.
 */
final class LiveView implements RunWatch.Display {

    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RED = "\u001b[31m";
    private static final String DIM = "\u001b[2m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";
    private static final int GATES = 9;

    private final Environment env;
    private final String runId;
    private final Map<String, String> gates = new LinkedHashMap<>();
    private final Map<String, String> steps = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;
    private String intent;
    private String mode;
    private String status;
    private String currentStep;
    private int attempt;
    private Instant stepStarted;
    private String hint;
    private int drawn;
    private String lastBlock = "";
    private boolean finished;

    LiveView(Environment env, JsonNode run) {
        this.env = env;
        this.runId = run.path("id").asString();
        this.intent = run.path("intent").asString();
        this.mode = run.path("mode").asString();
        this.status = run.path("status").asString();
        run.path("gates").forEach(gate -> gates.put(gate.path("gate").asString(), gate.path("decision").asString()));
        run.path("steps").forEach(step -> steps.put(step.path("name").asString(), step.path("status").asString()));
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cku-live-view");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public synchronized void started(JsonNode run) {
        env.out().print("\u001b[?25l"); // no cursor blinking through the block
        draw(List.of());
        ticker.scheduleAtFixedRate(this::tick, 250, 250, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void event(JsonNode event) {
        String type = event.path("type").asString();
        JsonNode data = event.path("data");
        List<String> above = new ArrayList<>();
        if (type.startsWith("run.")) {
            status = data.path("status").asString(status);
            if (!"AWAITING_APPROVAL".equals(status) && !"AWAITING_DECISION".equals(status)) {
                hint = null;
            }
        } else if (type.startsWith("gate.")) {
            gates.put(data.path("gate").asString(), data.path("decision").asString());
        } else if (type.startsWith("step.")) {
            step(type, data);
        }
        String pause = RunText.hint(runId, event);
        if (pause != null) {
            hint = pause;
        }
        if (type.equals("gate.paused") || type.equals("gate.rejected") || type.startsWith("approval.") || type.equals("step.attempted")
                || type.equals("step.failed") || type.startsWith("healing.") || type.startsWith("decision.")) {
            above.add(colour(type) + RunText.line(event) + reset());
        }
        draw(above);
    }

    private void step(String type, JsonNode data) {
        String name = data.path("name").asString();
        steps.put(name, data.path("status").asString());
        if (type.equals("step.started")) {
            currentStep = name;
            attempt = Math.max(1, data.path("attempts").asInt());
            stepStarted = Instant.now();
        } else if (name.equals(currentStep) && !type.equals("step.attempted")) {
            currentStep = null; // it ended: the bar says so
            hint = null;
        }
    }

    @Override
    public synchronized void ended(JsonNode run, boolean timedOut) {
        ticker.shutdownNow();
        status = run.path("status").asString(status);
        run.path("steps").forEach(step -> steps.put(step.path("name").asString(), step.path("status").asString()));
        currentStep = null;
        hint = timedOut ? "stopped watching at --timeout; the run goes on: cku runs watch " + runId : null;
        draw(List.of());
        finished = true;
        String outcome = run.path("outcome").isString() ? ": " + run.path("outcome").asString() : "";
        env.out().print("\u001b[?25h");
        env.out().println(timedOut ? "" : colour(status) + style(BOLD) + status + reset() + outcome);
        env.out().flush();
    }

    @Override
    public synchronized void interrupted() {
        ticker.shutdownNow();
        env.out().print("\u001b[?25h\n");
        env.out().flush();
    }

    private synchronized void tick() {
        if (!finished) {
            draw(List.of());
        }
    }

    /** Replaces the block: lines to keep go above it, then the block again, in one write. */
    private void draw(List<String> above) {
        List<String> block = block();
        String text = String.join("\n", block);
        if (above.isEmpty() && text.equals(lastBlock)) {
            return; // nothing changed: writing the same frame again is what makes terminals flicker
        }
        lastBlock = text;
        StringBuilder frame = new StringBuilder();
        if (drawn > 0) {
            frame.append("\u001b[").append(drawn).append('F').append("\u001b[J");
        }
        above.forEach(line -> frame.append(cut(line)).append('\n'));
        block.forEach(line -> frame.append(cut(line)).append('\n'));
        drawn = block.size();
        env.out().print(frame);
        env.out().flush();
    }

    private List<String> block() {
        List<String> lines = new ArrayList<>();
        lines.add(style(BOLD) + "Run " + runId.substring(0, Math.min(8, runId.length())) + reset() + "  " + intent + " (" + mode + ")  "
                + colour(status) + status + reset());
        StringBuilder gateLine = new StringBuilder("  gates  ");
        gates.forEach((gate, decision) -> gateLine.append(colour(decision)).append(symbol(decision)).append(reset()));
        gateLine.append(style(DIM)).append("·".repeat(Math.max(0, GATES - gates.size()))).append(reset());
        gates.entrySet().stream().reduce((first, second) -> second)
                .ifPresent(last -> gateLine.append("  ").append(last.getKey()).append(' ').append(word(last.getValue())));
        lines.add(gateLine.toString());
        lines.add("  steps  " + bar() + (currentStep == null ? "" : "  " + currentStep + " · attempt " + attempt + " · " + elapsed()));
        if (hint != null) {
            for (String line : hint.split("\n")) {
                lines.add(style(YELLOW) + "  " + line.strip() + reset());
            }
        }
        return lines;
    }

    private String bar() {
        long done = steps.values().stream().filter(s -> !s.equals("PENDING") && !s.equals("RUNNING") && !s.equals("RETRY_SCHEDULED")).count();
        int width = Math.max(10, Math.min(30, env.width() / 4));
        int filled = steps.isEmpty() ? 0 : (int) (width * done / steps.size());
        return "[" + style(GREEN) + "█".repeat(filled) + reset() + "░".repeat(width - filled) + "] " + done + "/" + steps.size();
    }

    private String elapsed() {
        Duration elapsed = Duration.between(stepStarted == null ? Instant.now() : stepStarted, Instant.now());
        return String.format("%d.%ds", elapsed.toSeconds(), elapsed.toMillisPart() / 100);
    }

    /** A line cut to the terminal's width (by visible characters), so it never wraps and the redraw stays in place. */
    private String cut(String line) {
        int width = env.width() - 1;
        StringBuilder out = new StringBuilder();
        int visible = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\u001b') {
                int end = line.indexOf('m', i);
                end = end < 0 ? line.length() - 1 : end;
                out.append(line, i, end + 1);
                i = end;
            } else if (visible < width) {
                out.append(c);
                visible++;
            }
        }
        return out.toString();
    }

    private static String symbol(String decision) {
        return switch (decision) {
            case "PASS" -> "✓";
            case "PAUSE" -> "⏸";
            case "REJECT" -> "✗";
            default -> "?";
        };
    }

    private static String word(String decision) {
        return switch (decision) {
            case "PASS" -> "passed";
            case "PAUSE" -> "paused";
            case "REJECT" -> "rejected";
            default -> decision.toLowerCase(java.util.Locale.ROOT);
        };
    }

    private String colour(String word) {
        if (!env.ansi()) {
            return "";
        }
        if (word.equals("PASS") || word.equals("SUCCEEDED") || word.equals("PARTIAL") || word.equals("approval.given")) {
            return GREEN;
        }
        if (word.equals("REJECT") || word.equals("FAILED") || word.equals("REJECTED") || word.equals("ROLLED_BACK")
                || word.equals("step.failed") || word.equals("gate.rejected") || word.equals("approval.rejected")) {
            return RED;
        }
        return word.equals("PAUSE") || word.startsWith("AWAITING") || word.equals("gate.paused") || word.startsWith("decision.")
                ? YELLOW : "";
    }

    private String reset() {
        return style(RESET);
    }

    private String style(String code) {
        return env.ansi() ? code : "";
    }
}
