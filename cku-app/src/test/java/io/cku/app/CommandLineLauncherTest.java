package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The {@code ./cku} launcher at the repository root, run as a process the way a person or a CI job runs it: the jar the
 * build made, the JDK found on its own, exit codes and output through real pipes.
 */
class CommandLineLauncherTest extends ServiceTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /** What a process printed and returned. */
    private record Ran(int exitCode, String out, String err) {
    }

    @Test
    void runsTheBuiltClientAgainstTheServiceWithCkuUrlAndCkuToken() throws Exception {
        String token = anonymous().login("admin", ADMIN_PASSWORD).token();
        String id = api().submit("{\"intent\":\"launched\",\"plan\":{\"steps\":[{\"name\":\"a\",\"skill\":\"noop\"}]}}");

        Ran version = cku(List.of("--version"), token);
        Ran get = cku(List.of("runs", "get", id, "-o", "json"), token);
        Ran unknown = cku(List.of("runs", "get", "0b8e5f4e-8a7e-4f3c-9a51-6d2b6c1f0a11"), token);
        Ran usage = cku(List.of("runs", "frobnicate"), token);

        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("cku 0.1.0-SNAPSHOT").contains("service 0.1.0-SNAPSHOT at http://localhost:" + port);
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(Api.json(get.out()).get("id").asString()).isEqualTo(id);
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err()).startsWith("error: ").hasLineCount(1);
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("Unmatched argument", "See 'cku runs --help'.");
    }

    @Test
    void printsCompletionScriptsForEachShell() throws Exception {
        Ran bash = cku(List.of("completion", "bash"), null);
        Ran fish = cku(List.of("completion", "fish"), null);

        assertThat(bash.exitCode()).isZero();
        assertThat(bash.out()).contains("complete -F _complete_cku", "submit", "approvals");
        assertThat(fish.exitCode()).isZero();
        assertThat(fish.out()).contains("complete -c cku -n '__fish_use_subcommand' -a runs", "-l exit-status");
    }

    @Test
    void ctrlCStopsWatchingSaysHowToWatchAgainAndLeavesTheRunGoingOn() throws Exception {
        String token = anonymous().login("admin", ADMIN_PASSWORD).token();
        String id = api().submit("{\"intent\":\"a long one\",\"plan\":{\"steps\":[{\"name\":\"nap\",\"skill\":\"sleep\",\"params\":{\"ms\":30000}}]}}");
        api().awaitStatus(id, "RUNNING", Duration.ofSeconds(20));
        Process watch = start(List.of("runs", "watch", id), token);
        StringBuffer out = new StringBuffer();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8)).lines()
                .forEach(line -> out.append(line).append('\n')), "watch-output");
        reader.setDaemon(true);
        reader.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("step.started"));
        new ProcessBuilder("kill", "-INT", String.valueOf(watch.pid())).start().waitFor();
        assertThat(watch.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(5000);
        String err = new String(watch.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(watch.exitValue()).isEqualTo(130);
        assertThat(err).contains("Stopped watching. Run " + id + " goes on; watch it again with: cku runs watch " + id);
        assertThat(api().get("/runs/" + id).json().get("status").asString()).isEqualTo("RUNNING");
        api().post("/runs/" + id + "/cancel", "{}");
    }

    private Ran cku(List<String> args, String token) throws IOException, InterruptedException {
        Process process = start(args, token);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("./cku " + args + " ended").isTrue();
        return new Ran(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Process start(List<String> args, String token) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("cku").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().put("CKU_URL", "http://localhost:" + port);
        builder.environment().put("XDG_CONFIG_HOME", Files.createTempDirectory("cku-launcher-").toString());
        if (token != null) {
            builder.environment().put("CKU_TOKEN", token);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }
}
