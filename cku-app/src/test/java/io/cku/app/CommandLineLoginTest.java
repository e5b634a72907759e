package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * {@code cku login} and what every command does with a login: the ways in, where the tokens are kept and how, the silent
 * refresh, and the exit codes and one-line errors of the failures (issue 16, "Done when").
 */
class CommandLineLoginTest extends ServiceTest {

    private String url() {
        return "http://localhost:" + port;
    }

    @Test
    void logsInWithAPasswordKeepsTheTokensReadableByTheOwnerOnlyAndNeverPrintsThem() throws IOException {
        Cli cli = Cli.fresh();

        Cli.Result login = cli.runWithInput(ADMIN_PASSWORD + "\n", "login", "--url", url(), "--username", "admin", "--password-stdin");

        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.out()).isEqualTo("Logged in to " + url() + " as admin.\n");
        Path credentials = cli.configDirectory().resolve("credentials");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
        String stored = Files.readString(credentials);
        assertThat(stored).contains("[profiles.default]", "access_token = \"ey", "refresh_token = \"ckr_");
        assertThat(Files.readString(cli.configDirectory().resolve("config.toml"))).contains("current = \"default\"", "url = \"" + url() + "\"");

        Cli.Result runs = cli.run("runs", "list", "--limit", "1", "-o", "json");
        assertThat(runs.exitCode()).as(runs.toString()).isZero();
        assertThat(Api.json(runs.out()).isArray()).isTrue();
        String accessToken = stored.lines().filter(l -> l.startsWith("access_token")).findFirst().orElseThrow().split("\"")[1];
        assertThat(login.out() + login.err() + runs.out() + runs.err()).doesNotContain(accessToken).doesNotContain(ADMIN_PASSWORD);
    }

    @Test
    void logsInWithAServiceAccountsApiKeyUnderItsOwnProfile() {
        JsonNode account = api().post("/admin/service-accounts", "{\"name\":\"cli-ci-" + System.nanoTime() + "\",\"roles\":[\"OPERATOR\"]}").json();
        Cli cli = Cli.fresh();

        Cli.Result login = cli.runWithInput(account.get("apiKey").asString() + "\n", "login", "--url", url(), "--api-key-stdin",
                "--profile", "ci");
        Cli.Result runs = cli.run("runs", "list", "--limit", "1", "--profile", "ci", "-o", "json");
        Cli.Result defaultProfile = Cli.fresh().run("runs", "list");

        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.out()).startsWith("Logged in to " + url() + " as ").endsWith("(profile ci).\n");
        assertThat(runs.exitCode()).as(runs.toString()).isZero();
        assertThat(defaultProfile.exitCode()).isEqualTo(4);
        assertThat(defaultProfile.err()).isEqualTo("error: not logged in: run `cku login`, or set CKU_TOKEN\n");
    }

    @Test
    void keepsATokenGivenWithWithTokenAfterCheckingItAndRefusesOneTheServiceDoesNot() {
        String token = anonymous().login("admin", ADMIN_PASSWORD).token();
        Cli cli = Cli.fresh();

        Cli.Result login = cli.runWithInput(token + "\n", "login", "--url", url(), "--with-token");
        Cli.Result runs = cli.run("runs", "list", "--limit", "1", "-o", "json");
        Cli.Result forged = Cli.fresh().runWithInput(token.substring(0, token.length() - 4) + "AAAA\n", "login", "--url", url(), "--with-token");

        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.out()).isEqualTo("Logged in to " + url() + " as admin.\n");
        assertThat(runs.exitCode()).as(runs.toString()).isZero();
        assertThat(forged.exitCode()).isEqualTo(4);
        assertThat(forged.err()).startsWith("error: ").doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void refreshesAnExpiredAccessTokenSilentlyAndStoresTheNewPair() throws IOException {
        Cli cli = Cli.fresh().loggedIn(url(), "admin", ADMIN_PASSWORD);
        Path credentials = cli.configDirectory().resolve("credentials");
        String before = Files.readString(credentials);
        Files.writeString(credentials, before.replaceFirst("access_expires_at = \"[^\"]+\"",
                "access_expires_at = \"" + Instant.now().minusSeconds(60) + "\""));

        Cli.Result runs = cli.run("runs", "list", "--limit", "1", "-o", "json");

        assertThat(runs.exitCode()).as(runs.toString()).isZero();
        assertThat(runs.err()).isEmpty();
        String after = Files.readString(credentials);
        assertThat(token(after, "access_token")).isNotEqualTo(token(before, "access_token"));
        assertThat(token(after, "refresh_token")).as("rotated").isNotEqualTo(token(before, "refresh_token"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
    }

    @Test
    void refreshesWhenTheServiceRefusesTheAccessTokenAndAsksForALoginWhenTheSessionHasEnded() throws IOException {
        Cli cli = Cli.fresh().loggedIn(url(), "admin", ADMIN_PASSWORD);
        Path credentials = cli.configDirectory().resolve("credentials");
        String stored = Files.readString(credentials);
        Files.writeString(credentials, stored.replace(token(stored, "access_token"), "not-a-token"));

        Cli.Result refreshed = cli.run("runs", "list", "--limit", "1", "-o", "json");
        Cli.Result logout = cli.run("logout");
        Cli.Result afterLogout = cli.run("runs", "list");

        assertThat(refreshed.exitCode()).as(refreshed.toString()).isZero();
        assertThat(logout.exitCode()).as(logout.toString()).isZero();
        assertThat(logout.out()).contains("the session is revoked");
        assertThat(Files.readString(credentials)).doesNotContain("access_token");
        assertThat(afterLogout.exitCode()).isEqualTo(4);
    }

    @Test
    void aWrongPasswordExitsFourWithTheServicesProblemOnOneLine() {
        Cli.Result login = Cli.fresh().runWithInput("not-the-password\n", "login", "--url", url(), "--username", "admin", "--password-stdin");
        Cli.Result verbose = Cli.fresh().runWithInput("not-the-password\n", "login", "--url", url(), "--username", "admin",
                "--password-stdin", "--verbose");

        assertThat(login.exitCode()).isEqualTo(4);
        assertThat(login.out()).isEmpty();
        assertThat(login.err()).startsWith("error: ").hasLineCount(1).doesNotContain("Exception", "at io.");
        assertThat(verbose.err()).contains("\"status\" : 401", "urn:cku:problem:");
    }

    @Test
    void anUnreachableServiceExitsFive() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + closed;

        Cli.Result login = Cli.fresh().runWithInput("x\n", "login", "--url", nowhere, "--username", "admin", "--password-stdin");
        Cli.Result list = Cli.fresh().with("CKU_URL", nowhere).with("CKU_TOKEN", "anything").run("runs", "list");

        assertThat(login.exitCode()).isEqualTo(5);
        assertThat(login.err()).isEqualTo("error: cannot reach " + nowhere + " (connection refused): is the service running there? "
                + "Check the URL (cku login --url, or CKU_URL)\n");
        assertThat(list.exitCode()).isEqualTo(5);
    }

    @Test
    void anUnknownRunExitsThreeAndABadOptionTwo() {
        Cli cli = Cli.fresh().loggedIn(url(), "admin", ADMIN_PASSWORD);

        Cli.Result unknown = cli.run("runs", "get", "0b8e5f4e-8a7e-4f3c-9a51-6d2b6c1f0a11");
        Cli.Result badOption = cli.run("runs", "list", "--colour", "blue");
        Cli.Result badFormat = cli.run("runs", "list", "-o", "xml");
        Cli.Result missingFile = cli.run("runs", "submit");

        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err()).startsWith("error: ").hasLineCount(1);
        assertThat(badOption.exitCode()).isEqualTo(2);
        assertThat(badOption.err()).contains("Unknown options: '--colour', 'blue'", "See 'cku runs list --help'.");
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(missingFile.exitCode()).isEqualTo(2);
        assertThat(missingFile.err()).contains("Missing required option: '--file=FILE'");
    }

    @Test
    void environmentVariablesOverrideTheStoredLoginForCi() {
        String token = anonymous().login("admin", ADMIN_PASSWORD).token();

        Cli.Result runs = Cli.fresh().with("CKU_URL", url()).with("CKU_TOKEN", token).run("runs", "list", "--limit", "2", "-o", "json");

        assertThat(runs.exitCode()).as(runs.toString()).isZero();
        assertThat(Api.json(runs.out()).size()).isLessThanOrEqualTo(2);
    }

    @Test
    void printsItsOwnVersionAndTheServices() {
        Cli.Result version = Cli.fresh().with("CKU_URL", url()).run("--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("cku 0.1.0-SNAPSHOT (Java ").contains("service 0.1.0-SNAPSHOT at " + url());
    }

    private static String token(String credentials, String key) {
        return credentials.lines().filter(line -> line.startsWith(key + " ")).findFirst().orElseThrow().split("\"")[1];
    }
}
