package io.cku.app;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.cku.cli.Cku;
import io.cku.cli.Environment;

/**
 * The {@code cku} command line run in-process, as a person at a pipe would run it: its own config directory (so its own
 * logins), environment variables, standard input, and what it printed and returned.
 */
final class Cli {

    private final Path configHome;
    private final Map<String, String> variables = new HashMap<>();

    private Cli(Path configHome) {
        this.configHome = configHome;
        variables.put("XDG_CONFIG_HOME", configHome.toString());
    }

    /** A user of the CLI with nothing configured yet. */
    static Cli fresh() {
        try {
            return new Cli(Files.createTempDirectory("cku-cli-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This user, with an environment variable set (CKU_URL, CKU_TOKEN, …). */
    Cli with(String name, String value) {
        variables.put(name, value);
        return this;
    }

    Path configDirectory() {
        return configHome.resolve("cku");
    }

    /** What one command line did. */
    record Result(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    Result run(String... args) {
        return runWithInput("", args);
    }

    Result runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(Map.copyOf(variables), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true), null, false, Clock.systemUTC());
        int code = Cku.execute(env, args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Logs in as this user and password at the service; fails unless it worked. */
    Cli loggedIn(String url, String username, String password) {
        Result login = runWithInput(password + "\n", "login", "--url", url, "--username", username, "--password-stdin");
        if (login.exitCode() != 0) {
            throw new AssertionError("cku login as " + username + " failed: " + login);
        }
        return this;
    }
}
