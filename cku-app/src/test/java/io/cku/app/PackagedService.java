package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * The packaged jar started as a process of its own, as a user starts it: on a fresh data directory and a free port, with
 * no {@code CKU_}/{@code SPRING_} variables but those a test gives, its output appended to {@code service.log} in the data
 * directory. The same data directory and port serve every start, so a test can stop, kill and start it again.
 */
final class PackagedService implements AutoCloseable {

    private final Path dataDir;
    private final Path log;
    private final int port;
    private Process process;

    PackagedService(String name) throws IOException {
        dataDir = Files.createTempDirectory("cku-" + name + "-");
        log = dataDir.resolve("service.log");
        port = freePort();
    }

    Path dataDir() {
        return dataDir;
    }

    Path log() {
        return log;
    }

    Process process() {
        return process;
    }

    /** Starts the jar with these arguments and waits until its health answers 200. */
    void start(String... arguments) throws IOException {
        start(Map.of(), arguments);
    }

    void start(Map<String, String> environment, String... arguments) throws IOException {
        launch(environment, arguments);
        Awaitility.await("service on port " + port + " (log: " + log + ")").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> process.isAlive() && anonymous().get("/actuator/health").status() == 200);
    }

    /** Starts the jar without waiting for it, for a start that is expected to fail. */
    void launch(Map<String, String> environment, String... arguments) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", System.getProperty("cku.app.jar", "target/cku-app.jar"),
                "--server.port=" + port, "--cku.data-dir=" + dataDir));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("CKU_") || name.startsWith("SPRING_"));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** SIGTERM, as {@code kill <pid>} sends it, and waits for the exit. */
    void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("stopped within the bounded waits (log: %s)", log).isTrue();
    }

    /** SIGKILL on Linux: no shutdown hooks, no graceful stop. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    Api anonymous() {
        return new Api("http://localhost:" + port);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
