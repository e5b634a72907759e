package io.cku.skillengine.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cku.shared.Cancellation;
import io.cku.skillengine.SkillContext;
import io.cku.skillengine.SkillProperties;
import io.cku.skillengine.SkillResult;

/** How a running command is stopped: by its timeout or by the run's cancellation, leaving no process behind. */
class ShellSkillStopTest {

    @TempDir
    Path workspace;

    private final ExecutorService caller = Executors.newSingleThreadExecutor();
    private Set<Long> childrenBefore;
    private ShellSkill skill;

    @BeforeEach
    void createSkill() {
        skill = new ShellSkill(new SkillProperties(workspace, null, 1000,
                new SkillProperties.Shell(true, List.of("echo", "sh", "sleep")), null));
        childrenBefore = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    @AfterEach
    void stopCaller() {
        caller.shutdownNow();
    }

    @Test
    void failsAndKillsACommandThatOutlivesItsTimeout() throws Exception {
        Future<SkillResult> running = caller.submit(() -> skill.execute(
                context(Map.of("command", "sleep", "args", List.of("30"), "timeoutMs", 300), TestCancellation.notCancelled())));

        SkillResult result = running.get(10, TimeUnit.SECONDS);

        assertThat(result).isEqualTo(SkillResult.failed("timeout", "timed out after 300 ms"));
        await().atMost(Duration.ofSeconds(10)).until(() -> newSleepChild().isEmpty());
    }

    @Test
    void failsAndKillsTheCommandWhenTheRunIsCancelledWhileItRuns() throws Exception {
        TestCancellation cancellation = TestCancellation.notCancelled();
        Future<SkillResult> running = caller.submit(() -> skill.execute(
                context(Map.of("command", "sleep", "args", List.of("30")), cancellation)));
        ProcessHandle sleep = await().atMost(Duration.ofSeconds(10))
                .until(this::newSleepChild, Optional::isPresent).orElseThrow();

        cancellation.cancel();

        SkillResult result = running.get(10, TimeUnit.SECONDS);
        assertThat(result).isInstanceOf(SkillResult.Failed.class);
        assertThat(((SkillResult.Failed) result).error()).contains("cancelled");
        assertThat(sleep.onExit()).succeedsWithin(Duration.ofSeconds(10));
    }

    /** The {@code sleep 30} this test started, while it is alive. */
    private Optional<ProcessHandle> newSleepChild() {
        return ProcessHandle.current().children()
                .filter(child -> !childrenBefore.contains(child.pid()))
                .filter(ProcessHandle::isAlive)
                .filter(child -> child.info().command().map(command -> command.endsWith("/sleep")).orElse(false))
                .filter(child -> child.info().arguments().map(args -> List.of(args).equals(List.of("30"))).orElse(false))
                .findFirst();
    }

    private static SkillContext context(Map<String, Object> params, Cancellation cancellation) {
        return new SkillContext(UUID.randomUUID(), "shell", params, Duration.ofSeconds(60), cancellation);
    }
}
