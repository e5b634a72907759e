package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * The administrators' and approvers' commands against the real service: users, service accounts, policy versions, the
 * learning loop's views, checkpoint steps, the dry run, and a watch that stops at {@code --timeout} while a person is awaited.
 */
class CommandLineAdministrationTest extends ServiceTest {

    @TempDir
    private Path dir;

    private String url() {
        return "http://localhost:" + port;
    }

    private Cli admin() {
        return Cli.fresh().loggedIn(url(), "admin", ADMIN_PASSWORD);
    }

    @Test
    void createsAUserWhoLogsInThenChangesTheirRolesAndDisablesThem() {
        String tenant = "cli-users-" + UUID.randomUUID().toString().substring(0, 8);
        String name = "dana-" + UUID.randomUUID().toString().substring(0, 6);
        Cli admin = admin();

        Cli.Result created = admin.runWithInput("a-long-enough-password\n", "users", "create", name, "--tenant", tenant, "--role", "OPERATOR",
                "--password-stdin", "--reason", "joins payments", "-o", "json");
        Cli dana = Cli.fresh().loggedIn(url(), name, "a-long-enough-password");
        Cli.Result listed = admin.run("users", "list", "--tenant", tenant, "-o", "table");
        Cli.Result promoted = admin.run("users", "update", name, "--role", "OPERATOR", "--role", "APPROVER", "--reason", "on call", "-o", "json");
        Cli.Result disabled = admin.run("users", "update", name, "--disable", "--reason", "left", "-o", "json");
        Cli.Result afterwards = dana.run("runs", "list");
        Cli.Result tooShort = admin.runWithInput("short\n", "users", "create", "x" + name, "--role", "VIEWER", "--password-stdin");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).doesNotContain("a-long-enough-password");
        assertThat(Api.json(created.out()).get("tenant").asString()).isEqualTo(tenant);
        assertThat(listed.out()).contains("USERNAME", name, "OPERATOR");
        assertThat(Api.json(promoted.out()).get("roles").toString()).contains("APPROVER");
        assertThat(Api.json(disabled.out()).get("enabled").asBoolean()).isFalse();
        assertThat(afterwards.exitCode()).as("a disabled user's session ends: " + afterwards).isEqualTo(4);
        assertThat(tooShort.exitCode()).isEqualTo(2);
        assertThat(tooShort.err()).startsWith("error: Invalid request").contains("password");
    }

    @Test
    void createsAServiceAccountShowingItsKeyOnceAndRevokesIt() {
        Cli admin = admin();
        String name = "cli-sa-" + UUID.randomUUID().toString().substring(0, 8);

        Cli.Result created = admin.run("service-accounts", "create", name, "--role", "VIEWER", "--reason", "dashboards", "-o", "table");
        String apiKey = created.out().lines().filter(line -> line.startsWith("API key")).findFirst().orElseThrow().replaceAll(".*: ", "");
        Cli robot = Cli.fresh();
        Cli.Result login = robot.runWithInput(apiKey + "\n", "login", "--url", url(), "--api-key-stdin");
        String id = Api.json(admin.run("service-accounts", "list", "-o", "json").out()).valueStream()
                .filter(account -> account.get("name").asString().equals(name)).findFirst().orElseThrow().get("id").asString();
        Cli.Result revoked = admin.run("service-accounts", "revoke", id, "--reason", "rotated", "-o", "json");
        Cli.Result afterwards = robot.run("runs", "list");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(apiKey).startsWith("cku_");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(Api.json(revoked.out()).get("revokedAt").isNull()).isFalse();
        assertThat(afterwards.exitCode()).isEqualTo(4);
    }

    @Test
    void listsShowsDiffsAndActivatesPolicyVersions() {
        String tenant = "cli-policy-" + UUID.randomUUID().toString().substring(0, 8);
        Api owner = userWith(tenant, "ADMIN");
        owner.post("/admin/policies", "{\"reason\":\"first\",\"rules\":[{\"name\":\"no-prod-fridays\",\"expression\":\"mode == 'prod'\","
                + "\"effect\":\"PAUSE\",\"message\":\"prod needs a look\"}]}");
        owner.post("/admin/policies", "{\"reason\":\"second\",\"rules\":[{\"name\":\"no-prod-fridays\",\"expression\":\"mode == 'prod'\","
                + "\"effect\":\"DENY\",\"message\":\"no prod\"},{\"name\":\"warn-staging\",\"expression\":\"mode == 'staging'\",\"effect\":\"WARN\","
                + "\"message\":\"staging\"}]}");
        Cli cli = Cli.fresh().with("CKU_URL", url()).with("CKU_TOKEN", owner.token());

        Cli.Result list = cli.run("policies", "list", "-o", "json");
        Cli.Result show = cli.run("policies", "show", "1", "-o", "table");
        Cli.Result diff = cli.run("policies", "diff", "2", "-o", "table");
        Cli.Result activated = cli.run("policies", "activate", "1", "--reason", "roll back", "-o", "json");
        Cli.Result missing = cli.run("policies", "show", "99");

        assertThat(Api.json(list.out()).size()).isEqualTo(2);
        assertThat(show.out()).contains("no-prod-fridays", "PAUSE", "mode == 'prod'");
        assertThat(diff.out()).contains("From version 1 to 2:", "+ warn-staging: WARN when mode == 'staging'", "~ no-prod-fridays");
        assertThat(Api.json(activated.out()).get("active").asBoolean()).isTrue();
        assertThat(missing.exitCode()).isEqualTo(3);
    }

    @Test
    void showsWhatTheLearningLoopKnows() {
        Cli cli = admin();

        Cli.Result reliability = cli.run("learning", "reliability", "--skill", "noop", "-o", "json");
        Cli.Result patterns = cli.run("learning", "patterns", "--resolved", "-o", "json");
        Cli.Result changes = cli.run("learning", "changes", "--limit", "5", "-o", "yaml");
        Cli.Result badMode = cli.run("learning", "reliability", "--mode", "sometimes");

        assertThat(reliability.exitCode()).as(reliability.toString()).isZero();
        assertThat(Api.json(reliability.out()).valueStream()).allMatch(key -> key.get("skill").asString().equals("noop"));
        assertThat(patterns.exitCode()).isZero();
        assertThat(Api.json(patterns.out()).isArray()).isTrue();
        assertThat(changes.exitCode()).isZero();
        assertThat(badMode.exitCode()).isEqualTo(2);
        assertThat(badMode.err()).contains("mode");
    }

    @Test
    void approvesACheckpointStepAndEvaluatesAPlanWithoutStoringIt() throws IOException {
        String tenant = "cli-check-" + UUID.randomUUID().toString().substring(0, 8);
        Api submitter = userWith(tenant, "OPERATOR");
        Cli approver = Cli.fresh().with("CKU_URL", url()).with("CKU_TOKEN", userWith(tenant, "APPROVER").token());
        String id = submitter.submit("{\"intent\":\"ship with a sign-off\",\"plan\":{\"steps\":[{\"name\":\"sign-off\",\"skill\":\"approval\"},"
                + "{\"name\":\"ship\",\"skill\":\"noop\"}]}}");
        submitter.awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(20));

        Cli.Result approved = approver.run("checkpoints", "approve", id, "sign-off", "--reason", "notes checked", "-o", "json");
        JsonNode done = submitter.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(20));
        Path plan = Files.writeString(dir.resolve("plan.yaml"), "intent: just looking\nmode: prod\nplan: {steps: [{name: a, skill: noop}]}\n");
        long before = runCount();
        Cli.Result evaluated = admin().run("runs", "evaluate", "-f", plan.toString(), "-o", "table");

        assertThat(approved.exitCode()).as(approved.toString()).isZero();
        assertThat(done.get("approvals").get(0).get("reason").asString()).isEqualTo("notes checked");
        assertThat(evaluated.exitCode()).as("prod pauses at PLAN_APPROVAL, so not everything passes: " + evaluated).isEqualTo(1);
        assertThat(evaluated.out()).contains("GATE", "SECURITY", "PLAN_APPROVAL", "Verdict: ");
        assertThat(runCount()).isEqualTo(before);
    }

    @Test
    void decidesHowAProdRunWaitingAfterAFailureGoesOn() throws IOException {
        String tenant = "cli-decide-" + UUID.randomUUID().toString().substring(0, 8);
        Api submitter = userWith(tenant, "ADMIN");
        Api alice = userWith(tenant, "APPROVER");
        Api bob = userWith(tenant, "APPROVER");
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String id = submitter.submit(("{\"intent\":\"release\",\"mode\":\"prod\",\"evidence\":{\"coverage\":0.95,\"lint\":\"passed\"},"
                + "\"plan\":{\"steps\":[{\"name\":\"release\",\"skill\":\"http\",\"params\":{\"url\":\"http://127.0.0.1:%d/\"},"
                + "\"retry\":{\"maxAttempts\":1}}]}}").formatted(closed));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode run = submitter.get("/runs/" + id).json();
            if (run.get("status").asString().equals("AWAITING_APPROVAL")) {
                String gate = run.get("gates").get(run.get("gates").size() - 1).get("gate").asString();
                alice.post("/admin/runs/" + id + "/gates/" + gate + "/approve", "{\"reason\":\"reviewed\"}");
                bob.post("/admin/runs/" + id + "/gates/" + gate + "/approve", "{\"reason\":\"reviewed\"}");
            }
            return run.get("status").asString().equals("AWAITING_DECISION");
        });
        Cli cli = Cli.fresh().with("CKU_URL", url()).with("CKU_TOKEN", alice.token());

        Cli.Result typo = cli.run("decide", id, "again", "--reason", "typo");
        Cli.Result decided = cli.run("decide", id, "abort", "--reason", "the release server is gone", "-o", "json");

        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("retry, rollback, skip, abort");
        assertThat(decided.exitCode()).as(decided.toString()).isZero();
        JsonNode done = await().atMost(Duration.ofSeconds(20)).until(() -> submitter.get("/runs/" + id).json(),
                run -> !run.get("status").asString().startsWith("AWAITING"));
        assertThat(done.get("healing").toString()).contains("\"action\":\"decided-abort\"", "the release server is gone");
    }

    @Test
    void aWatchThatTimesOutWhileAPersonIsAwaitedExitsSevenAndTheRunGoesOn() throws IOException {
        Path plan = Files.writeString(dir.resolve("prod.yaml"), """
                intent: release and wait
                mode: prod
                evidence: {coverage: 0.91, lint: passed}
                plan: {steps: [{name: deploy, skill: noop}]}
                """);

        Cli.Result timedOut = admin().run("runs", "submit", "-f", plan.toString(), "--watch", "--exit-status", "--timeout", "3s");

        assertThat(timedOut.exitCode()).as(timedOut.toString()).isEqualTo(7);
        String id = timedOut.out().lines().findFirst().orElseThrow().split(" ")[1];
        assertThat(timedOut.out()).contains("  gate.paused ", "Stopped watching at --timeout: run " + id + " is AWAITING_APPROVAL");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(api().get("/runs/" + id).json().get("status").asString()).isEqualTo("AWAITING_APPROVAL"));
    }
}
