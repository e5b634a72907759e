package io.cku.skillengine.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cku.shared.RiskLevel;
import io.cku.skillengine.SkillContext;
import io.cku.skillengine.SkillProperties;
import io.cku.skillengine.SkillResult;

class ShellSkillTest {

    @TempDir
    Path workspace;

    @Test
    void capturesTheOutputOfASucceedingCommand() throws Exception {
        SkillResult result = skill().execute(context(Map.of("command", "echo", "args", List.of("hello", "world"))));

        assertThat(result).isEqualTo(SkillResult.succeeded(Map.of("exitCode", 0, "output", "hello world\n")));
    }

    @Test
    void passesArgumentsWithoutAShellInterpretingThem() throws Exception {
        SkillResult result = skill().execute(context(Map.of("command", "echo", "args", List.of("$HOME; ls `id` *"))));

        assertThat(result).isEqualTo(SkillResult.succeeded(Map.of("exitCode", 0, "output", "$HOME; ls `id` *\n")));
    }

    @Test
    void capturesStandardErrorWithStandardOutput() throws Exception {
        SkillResult result = skill().execute(context(Map.of("command", "sh", "args", List.of("-c", "echo out; echo err >&2"))));

        assertThat(result).isEqualTo(SkillResult.succeeded(Map.of("exitCode", 0, "output", "out\nerr\n")));
    }

    @Test
    void failsWithTheExitCodeAndTheEndOfTheOutput() throws Exception {
        SkillResult result = skill().execute(context(Map.of("command", "sh", "args", List.of("-c", "echo boom; exit 3"))));

        assertThat(result).isEqualTo(SkillResult.failed("exit-3", "exit code 3: boom\n"));
    }

    @Test
    void aFailureMessageKeepsOnlyTheLastCharactersOfLongOutput() throws Exception {
        String script = "head -c 100000 /dev/zero | tr '\\0' a; echo; echo last words; exit 1";

        SkillResult result = skill().execute(context(Map.of("command", "sh", "args", List.of("-c", script))));

        assertThat(result).isInstanceOf(SkillResult.Failed.class);
        String error = ((SkillResult.Failed) result).error();
        assertThat(error).startsWith("exit code 1: ").endsWith("a\nlast words\n");
        assertThat(error.length()).isLessThanOrEqualTo("exit code 1: ".length() + 500);
    }

    @Test
    void keepsAtMostMaxOutputCharsAndStillDrainsTheRest() throws Exception {
        ShellSkill skill = new ShellSkill(new SkillProperties(workspace, null, 256, shell(), null));
        String script = "head -c 1000000 /dev/zero | tr '\\0' a";

        SkillResult result = skill.execute(context(Map.of("command", "sh", "args", List.of("-c", script))));

        assertThat(result).isInstanceOf(SkillResult.Succeeded.class);
        String output = (String) ((Map<?, ?>) ((SkillResult.Succeeded) result).output()).get("output");
        assertThat(output).isEqualTo("a".repeat(256) + "\n… (truncated, 1000000 characters in all)");
    }

    @Test
    void runsInTheWorkingDirectoryInsideTheWorkspace() throws Exception {
        SkillResult result = skill().execute(context(Map.of("command", "sh", "args", List.of("-c", "pwd -P"),
                "workingDirectory", "build/out")));

        Path expected = workspace.resolve("build/out").toRealPath();
        assertThat(result).isEqualTo(SkillResult.succeeded(Map.of("exitCode", 0, "output", expected + "\n")));
    }

    @Test
    void runsInTheWorkspaceWhenNoWorkingDirectoryIsGiven() throws Exception {
        SkillResult result = skill().execute(context(Map.of("command", "sh", "args", List.of("-c", "pwd -P"))));

        assertThat(result).isEqualTo(SkillResult.succeeded(Map.of("exitCode", 0, "output", workspace.toRealPath() + "\n")));
    }

    @Test
    void refusesACommandThatIsNotAllowed() throws Exception {
        Map<String, Object> params = Map.of("command", "rm", "args", List.of("-rf", "/"));

        assertThat(skill().validate(params)).containsExactly("params.command 'rm' is not on cku.skills.shell.allowed-commands");
        // the engine refuses it at execution: the skill itself no longer checks what the engine has just validated
        assertThat(Engines.of(skill(), workspace).execute("shell", context(params)))
                .isEqualTo(SkillResult.failed("invalid-params", "params.command 'rm' is not on cku.skills.shell.allowed-commands"));
    }

    @Test
    void refusesACommandThatOnlyResemblesAnAllowedOne() {
        assertThat(skill().validate(Map.of("command", "/bin/echo"))).hasSize(1);
        assertThat(skill().validate(Map.of("command", "echo "))).hasSize(1);
    }

    @Test
    void refusesBadParameters() {
        Map<String, Object> params = new HashMap<>();
        params.put("args", List.of("ok", 7));
        params.put("timeoutMs", 0);
        params.put("workingDirectory", "../elsewhere");

        assertThat(skill().validate(params)).containsExactlyInAnyOrder(
                "params.command is required and must be a non-empty string",
                "params.args must be an array of strings",
                "params.timeoutMs must be within 1..600000, was 0",
                "params.workingDirectory must stay inside the workspace as a relative path, was '../elsewhere'");
    }

    @Test
    void refusesAWorkingDirectoryLinkedOutOfTheWorkspace(@TempDir Path outside) throws Exception {
        Files.createSymbolicLink(workspace.resolve("link"), outside);

        SkillResult result = skill().execute(context(Map.of("command", "echo", "workingDirectory", "link/sub")));

        assertThat(result).isInstanceOf(SkillResult.Failed.class);
        assertThat(outside.resolve("sub")).doesNotExist();
    }

    @Test
    void killsACommandThatOutlivesItsTimeout() throws Exception {
        long started = System.nanoTime();

        SkillResult result = skill().execute(context(Map.of("command", "sleep", "args", List.of("30"), "timeoutMs", 500)));

        assertThat(result).isEqualTo(SkillResult.failed("timeout", "timed out after 500 ms"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theStepsTimeoutBoundsTheCommandToo() throws Exception {
        SkillContext context = new SkillContext(UUID.randomUUID(), "shell", Map.of("command", "sleep", "args", List.of("30")),
                Duration.ofMillis(300), TestCancellation.notCancelled());

        assertThat(skill().execute(context)).isEqualTo(SkillResult.failed("timeout", "timed out after 300 ms"));
    }

    @Test
    void killsTheCommandsChildrenOnTimeout() throws Exception {
        String script = "sleep 30 & echo $! > child.pid; wait";

        SkillResult result = skill().execute(context(Map.of("command", "sh", "args", List.of("-c", script), "timeoutMs", 1000)));

        assertThat(result).isEqualTo(SkillResult.failed("timeout", "timed out after 1000 ms"));
        long child = Long.parseLong(Files.readString(workspace.resolve("child.pid")).trim());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(child).map(handle -> !handle.isAlive()).orElse(true));
    }

    @Test
    void stopsACommandWhenTheRunIsCancelled() throws Exception {
        SkillContext context = new SkillContext(UUID.randomUUID(), "shell", Map.of("command", "sleep", "args", List.of("30")),
                Duration.ofMinutes(1), TestCancellation.alreadyCancelled());
        long started = System.nanoTime();

        SkillResult result = skill().execute(context);

        assertThat(result).isEqualTo(SkillResult.failed("cancelled", "cancelled while the command ran"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void killsTheCommandWhenTheCallingThreadIsInterrupted() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            String script = "echo $$ > self.pid; exec sleep 30";
            Future<SkillResult> running = executor.submit(
                    () -> skill().execute(context(Map.of("command", "sh", "args", List.of("-c", script)))));
            Path pidFile = workspace.resolve("self.pid");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
            long pid = Long.parseLong(Files.readString(pidFile).trim());

            running.cancel(true);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void isNeverIdempotentAndCarriesHighRisk() {
        assertThat(skill().idempotent(Map.of("command", "echo"))).isFalse();
        assertThat(skill().risk()).isEqualTo(RiskLevel.HIGH);
        assertThat(skill().keywords()).contains("shell", "command", "execute", "script");
    }

    private ShellSkill skill() {
        return new ShellSkill(new SkillProperties(workspace, null, null, shell(), null));
    }

    private static SkillProperties.Shell shell() {
        return new SkillProperties.Shell(true, List.of("echo", "sh", "sleep"));
    }

    private static SkillContext context(Map<String, Object> params) {
        return new SkillContext(UUID.randomUUID(), "shell", params, Duration.ofSeconds(30), TestCancellation.notCancelled());
    }
}
