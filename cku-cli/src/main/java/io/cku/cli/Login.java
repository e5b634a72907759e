package io.cku.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import io.cku.cli.Profiles.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** {@code cku login}: exchanges a password, an API key or a given token for a stored login. */
@Command(name = "login", mixinStandardHelpOptions = true, description = {
        "Log in to a CKU service and keep the tokens for the next commands.",
        "The tokens are stored in $XDG_CONFIG_HOME/cku/credentials (mode 0600), the URL in config.toml; an expired access",
        "token is refreshed silently. Asks for what is missing when a person is at the terminal."},
        footerHeading = "%nExamples:%n", footer = {
                "  cku login --url http://localhost:8080 --username admin",
                "  echo \"$ADMIN_PASSWORD\" | cku login --url https://cku.example.com --username admin --password-stdin",
                "  echo \"$CKU_API_KEY\" | cku login --url https://cku.example.com --api-key-stdin --profile ci",
                "  echo \"$TOKEN\" | cku login --url http://localhost:8080 --with-token"})
final class Login extends ApiCommand {

    @Option(names = "--url", paramLabel = "URL", description = "The service, such as http://localhost:8080 (default: $CKU_URL, else the profile's)")
    String url;

    @Option(names = {"-u", "--username"}, paramLabel = "NAME", description = "Your user name (asked for on a terminal)")
    String username;

    @Option(names = "--password-stdin", description = "Read the password from standard input")
    boolean passwordStdin;

    @Option(names = "--api-key-stdin", description = "Log in as a service account: read its API key from standard input")
    boolean apiKeyStdin;

    @Option(names = "--with-token", description = "Read an access token from standard input and keep it (it cannot be refreshed)")
    boolean withToken;

    Login(Environment env) {
        super(env);
    }

    @Override
    public Integer call() {
        if ((passwordStdin ? 1 : 0) + (apiKeyStdin ? 1 : 0) + (withToken ? 1 : 0) > 1) {
            throw new CommandFailed(ExitCode.USAGE, "--password-stdin, --api-key-stdin and --with-token are alternatives: give one");
        }
        Profiles profiles = profiles();
        String name = profileName(profiles);
        String service = service(profiles, name);
        Api anonymous = new Api(service, null);

        Credentials credentials = withToken ? given(anonymous) : apiKeyStdin ? withApiKey(anonymous) : withPassword(anonymous);
        profiles.saveLogin(name, anonymous.url(), credentials);
        env.out().println("Logged in to " + anonymous.url() + " as " + credentials.username()
                + (Profiles.DEFAULT.equals(name) ? "" : " (profile " + name + ")") + ".");
        return ExitCode.OK;
    }

    private String service(Profiles profiles, String name) {
        String service = url != null ? url : env.variable("CKU_URL") != null ? env.variable("CKU_URL") : profiles.url(name);
        if (service == null && env.console() != null) {
            String answer = env.console().readLine("Service URL [http://localhost:8080]: ");
            service = answer == null || answer.isBlank() ? "http://localhost:8080" : answer.strip();
        }
        if (service == null) {
            throw new CommandFailed(ExitCode.USAGE, "which service? Give --url URL (or set CKU_URL)");
        }
        if (!service.startsWith("http://") && !service.startsWith("https://")) {
            throw new CommandFailed(ExitCode.USAGE, "--url must start with http:// or https://; was '" + service + "'");
        }
        return service;
    }

    private Credentials withPassword(Api anonymous) {
        String user = username;
        if (user == null && env.console() != null) {
            user = env.console().readLine("Username: ");
        }
        if (user == null || user.isBlank()) {
            throw new CommandFailed(ExitCode.USAGE, "give --username NAME (and --password-stdin when no terminal can ask)");
        }
        String password = passwordStdin ? stdinLine("the password") : prompt("Password for " + user + ": ");
        JsonNode tokens = anonymous.post("/auth/token", Map.of("username", user.strip(), "password", password));
        return Session.credentials(user.strip(), tokens, env.clock());
    }

    private Credentials withApiKey(Api anonymous) {
        JsonNode tokens = anonymous.post("/auth/token", Map.of("apiKey", stdinLine("the API key")));
        String subject = claims(tokens.path("access_token").asString()).path("sub").asString("service account");
        return Session.credentials(subject, tokens, env.clock());
    }

    /** A token someone else obtained: checked with one read, kept until it expires. */
    private Credentials given(Api anonymous) {
        String token = stdinLine("the token");
        JsonNode claims = claims(token);
        checkToken(anonymous.url(), token);
        Instant expires = claims.path("exp").isNumber() ? Instant.ofEpochSecond(claims.path("exp").asLong()) : null;
        return new Credentials(claims.path("sub").asString("token"), token, expires, null);
    }

    /** One read with the token: 401 means the service does not accept it; 403 only that it may not list runs. */
    private void checkToken(String service, String token) {
        try {
            new Api(service, Session.given(token)).get("/runs?limit=1");
        } catch (CommandFailed e) {
            if (e.httpStatus() != 403) {
                throw e;
            }
        }
    }

    /** The claims of a JWT, read without checking it (the service does that); empty when it is not one. */
    private static JsonNode claims(String token) {
        String[] parts = token.split("\\.");
        try {
            return parts.length == 3 ? Api.JSON.readTree(Base64.getUrlDecoder().decode(parts[1])) : Api.JSON.createObjectNode();
        } catch (IllegalArgumentException | JacksonException e) {
            return Api.JSON.createObjectNode();
        }
    }

    private String prompt(String question) {
        if (env.console() == null) {
            throw new CommandFailed(ExitCode.USAGE, "no terminal to ask for the password: pipe it in with --password-stdin");
        }
        char[] password = env.console().readPassword(question);
        if (password == null || password.length == 0) {
            throw new CommandFailed(ExitCode.USAGE, "no password given");
        }
        return new String(password);
    }

    private String stdinLine(String what) {
        try {
            String line = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8)).readLine();
            if (line == null || line.strip().isEmpty()) {
                throw new CommandFailed(ExitCode.USAGE, "standard input was empty: pipe in " + what);
            }
            return line.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
        }
    }
}
