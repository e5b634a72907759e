package io.cku.skillengine.builtin;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
            problems.add("params.workingDirectory must stay inside the workspace, was '" + directory + "'");
        }
        return problems;
    }

    @Override
    public SkillResult execute(SkillContext context) throws IOException, InterruptedException {
        Params p = new Params(context.params(), new ArrayList<>());
        List<String> commandLine = new ArrayList<>();
        commandLine.add(p.requiredString("command"));
        commandLine.addAll(p.stringList("args"));
        long timeoutMs = Math.min(p.longWithin("timeoutMs", MAX_TIMEOUT_MS, 1, MAX_TIMEOUT_MS), context.timeout().toMillis());

        Process process = new ProcessBuilder(commandLine)
                .directory(workingDirectory(p.optionalString("workingDirectory", null)).toFile())
                .redirectErrorStream(true)
                .redirectInput(new File("/dev/null"))
                .start();
        BoundedOutput output = BoundedOutput.drain(process.getInputStream(), properties.maxOutputChars());
        try {
            return awaitExit(process, output, timeoutMs, context);
        } finally {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    private SkillResult awaitExit(Process process, BoundedOutput output, long timeoutMs, SkillContext context)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
            if (context.cancellation().isCancelled()) {
                return SkillResult.failed("cancelled while the command ran");
            }
            if (System.nanoTime() > deadline) {
                return SkillResult.failed("timed out after " + timeoutMs + " ms");
            }
        }
        String text = output.awaitText(Duration.ofSeconds(2));
        if (process.exitValue() != 0) {
            String tail = text.length() > 500 ? text.substring(text.length() - 500) : text;
            return SkillResult.failed("exit code " + process.exitValue() + ": " + tail);
        }
        return SkillResult.succeeded(Map.of("exitCode", 0, "output", text));
    }

    private Path workingDirectory(String relative) throws IOException {
        Path directory = relative == null ? workspace.root() : workspace.resolve(relative).orElseThrow();
        java.nio.file.Files.createDirectories(directory);
        if (!workspace.containsReally(directory)) {
            throw new IOException("working directory '" + relative + "' leads out of the workspace");
        }
        return directory;
    }

    /** Reads a process's output on its own thread, keeping the first characters and discarding the rest. */
    private static final class BoundedOutput {

        private final StringBuilder kept = new StringBuilder();
        private final int max;
        private long total;
        private final Thread reader;

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
                    synchronized (kept) {
                        kept.append(buffer, 0, Math.max(0, Math.min(n, max - kept.length())));
                        total += n;
                    }
                }
            } catch (IOException e) {
                // the process was killed; what was read so far is kept
            }
        }

        String awaitText(Duration wait) throws InterruptedException {
            reader.join(wait.toMillis());
            synchronized (kept) {
                return total > kept.length() ? kept + "\n… (truncated, " + total + " characters in all)" : kept.toString();
            }
        }
    }
}
