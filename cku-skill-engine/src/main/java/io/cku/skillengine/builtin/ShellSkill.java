package io.cku.skillengine.builtin;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import io.cku.shared.RiskLevel;
import io.cku.shared.Threads;
import io.cku.skillengine.Skill;
import io.cku.skillengine.SkillContext;
import io.cku.skillengine.SkillProperties;
import io.cku.skillengine.SkillResult;

/**
 * Starts an allowed command with an argument array, never through a shell, so no argument is ever interpreted.
 * Output (stdout and stderr together) is captured up to a bound; the process is killed on timeout or cancellation.
 */
@Component
class ShellSkill implements Skill {

    private static final long MAX_TIMEOUT_MS = 600_000;
    private static final int FAILURE_TAIL_CHARS = 500;

    private final SkillProperties properties;
    private final Workspace workspace;

    ShellSkill(SkillProperties properties) {
        this.properties = properties;
        this.workspace = new Workspace(properties.workspace());
    }

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public String description() {
        return "Runs an allowed command with arguments (params.command, params.args), without a shell.";
    }

    @Override
    public Set<String> keywords() {
        // not "run": intents say "run" for every kind of step, and it would tie the shell with the skill they mean
        return Set.of("shell", "command", "execute", "script", "exec", "process");
    }

    @Override
    public RiskLevel risk() {
        return RiskLevel.HIGH;
    }

    @Override
    public boolean idempotent(Map<String, Object> params) {
        return false;
    }

    @Override
    public String target(Map<String, Object> params) {
        return String.valueOf(params.getOrDefault("command", ""));
    }

    @Override
    public List<String> validate(Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        Params p = new Params(params, problems);
        String command = p.requiredString("command");
        p.stringList("args");
        p.longWithin("timeoutMs", MAX_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
        String directory = p.optionalString("workingDirectory", null);
        if (command != null && !properties.shell().allowedCommands().contains(command)) {
            problems.add("params.command '" + command + "' is not on cku.skills.shell.allowed-commands");
        }
        if (directory != null && workspace.resolve(directory).isEmpty()) {
            problems.add("params.workingDirectory must stay inside the workspace as a relative path, was '" + directory + "'");
        }
        return problems;
    }

    @Override
    public SkillResult execute(SkillContext context) throws IOException, InterruptedException {
        // the engine has validated the parameters (the allow-list among them) just before this call; only what a link
        // created since could change is checked here
        Params p = new Params(context.params(), new ArrayList<>());
        Path directory = workingDirectory(p.optionalString("workingDirectory", null));
        if (directory == null) {
            return SkillResult.failed("invalid-params", "params.workingDirectory leads out of the workspace through a symbolic link");
        }

        List<String> commandLine = new ArrayList<>();
        commandLine.add(p.requiredString("command"));
        commandLine.addAll(p.stringList("args"));
        long timeoutMs = Math.min(p.longWithin("timeoutMs", MAX_TIMEOUT_MS, 1, MAX_TIMEOUT_MS), budgetMs(context));
        return run(commandLine, directory, timeoutMs, context);
    }

    private SkillResult run(List<String> commandLine, Path directory, long timeoutMs, SkillContext context)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(commandLine)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        BoundedOutput output = BoundedOutput.drain(process.getInputStream(), properties.maxOutputChars());
        try {
            return awaitExit(process, output, timeoutMs, context);
        } finally {
            if (process.isAlive()) {
                // descendants first: once the child is dead its children are re-parented and out of reach
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    private static SkillResult awaitExit(Process process, BoundedOutput output, long timeoutMs, SkillContext context)
            throws InterruptedException {
        Deadline deadline = Deadline.after(timeoutMs, context.cancellation());
        while (!process.waitFor(deadline.sliceMs(), TimeUnit.MILLISECONDS)) {
            Optional<Deadline.Stop> stop = deadline.stop();
            if (stop.isPresent()) {
                return stopped(stop.get(), deadline);
            }
        }

        output.await(Duration.ofSeconds(2));
        if (process.exitValue() != 0) {
            return SkillResult.failed("exit-" + process.exitValue(), "exit code " + process.exitValue() + ": " + output.tail());
        }
        return SkillResult.succeeded(Map.of("exitCode", 0, "output", output.text()));
    }

    private static SkillResult stopped(Deadline.Stop stop, Deadline deadline) {
        return switch (stop) {
            case CANCELLED -> SkillResult.failed("cancelled", "cancelled while the command ran");
            case TIMED_OUT -> SkillResult.failed("timeout", "timed out after " + deadline.timeoutMs() + " ms");
        };
    }

    /** The directory to run in, created if missing; null when a symbolic link takes it out of the workspace. */
    private Path workingDirectory(String relative) throws IOException {
        Path directory = relative == null ? workspace.root() : workspace.resolve(relative).orElseThrow();
        Files.createDirectories(workspace.root());
        if (!workspace.containsReally(nearestExisting(directory))) {
            return null;
        }
        Files.createDirectories(directory);
        return workspace.containsReally(directory) ? directory : null;
    }

    private static Path nearestExisting(Path path) {
        Path existing = path;
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing;
    }

    private static long budgetMs(SkillContext context) {
        return context.timeout() == null ? MAX_TIMEOUT_MS : Math.max(1, context.timeout().toMillis());
    }

    /**
     * Reads a process's output on its own thread so the child never blocks on a full pipe. Keeps the first
     * {@code max} characters for the result and the last few hundred for a failure message; the rest is read and
     * dropped.
     */
    private static final class BoundedOutput {

        private final StringBuilder head = new StringBuilder();
        private final StringBuilder tail = new StringBuilder();
        private final int max;
        private final Thread reader;
        private long total;

        private BoundedOutput(InputStream stream, int max) {
            this.max = max;
            this.reader = Threads.factory("cku-shell-output-").newThread(() -> read(stream));
        }

        static BoundedOutput drain(InputStream stream, int max) {
            BoundedOutput output = new BoundedOutput(stream, max);
            output.reader.start();
            return output;
        }

        private void read(InputStream stream) {
            char[] buffer = new char[4096];
            try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    keep(buffer, n);
                }
            } catch (IOException e) {
                // the process was killed; what was read so far is kept
            }
        }

        private synchronized void keep(char[] buffer, int n) {
            head.append(buffer, 0, Math.max(0, Math.min(n, max - head.length())));
            tail.append(buffer, 0, n);
            if (tail.length() > 2 * FAILURE_TAIL_CHARS) {
                tail.delete(0, tail.length() - FAILURE_TAIL_CHARS);
            }
            total += n;
        }

        void await(Duration wait) throws InterruptedException {
            // a grandchild that inherited the pipe can hold it open after the command exits; do not wait for it
            reader.join(wait.toMillis());
        }

        synchronized String text() {
            return total > head.length() ? head + "\n… (truncated, " + total + " characters in all)" : head.toString();
        }

        synchronized String tail() {
            return tail.length() > FAILURE_TAIL_CHARS ? tail.substring(tail.length() - FAILURE_TAIL_CHARS) : tail.toString();
        }
    }
}
