package io.cku.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that talk to the whole service over real HTTP. Every subclass shares one Spring context and so
 * one embedded PostgreSQL per JVM: keep the configuration here, not in subclasses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceTest {

    protected static final Path DATA_DIR = createDataDir();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @DynamicPropertySource
    static void serviceProperties(DynamicPropertyRegistry registry) {
        registry.add("cku.data-dir", DATA_DIR::toString);
        registry.add("cku.skills.shell.enabled", () -> "true");
        registry.add("cku.skills.shell.allowed-commands", () -> "echo");
    }

    protected Api api() {
        return new Api("http://localhost:" + port);
    }

    protected long runCount() {
        return jdbc.sql("SELECT count(*) FROM runs").query(Long.class).single();
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("cku-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
