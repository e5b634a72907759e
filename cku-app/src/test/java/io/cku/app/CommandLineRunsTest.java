package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import io.cku.audit.AuditCheckpoints;
import tools.jackson.databind.JsonNode;

/**
 * {@code cku runs}, {@code cku approvals} and {@code cku audit} against the real service over HTTP: submit and watch to the
 * end with the run's outcome as the exit code, a pause approved by a second person, paging, and offline verification.
 */
class CommandLineRunsTest extends ServiceTest {

    private static final String PLAN = """
            # the README's first run, as a CLI user writes it
            intent: hello from the CLI
            mode: dev
            labels: {team: cli}
            plan:
              steps:
                - {name: first, skill: noop}
                - {name: second, skill: noop}
                - {name: third, intent: "do nothing, a placeholder"}
            """;

    @Autowired
    private AuditCheckpoints checkpoints;

    @TempDir
    private Path dir;

    private String url() {
        return "http://localhost:" + port;
    }

    @Test
    void submitsAYamlPlanWatchesItToTheEndAndExitsZeroWithOnePlainLinePerEvent() throws IOException {
        Cli cli = Cli.fresh().loggedIn(url(), "admin", ADMIN_PASSWORD);
        Path plan = Files.writeString(dir.resolve("plan.yaml"), PLAN);

        Cli.Result submitted = cli.run("runs", "submit", "-f", plan.toString(), "--watch", "--exit-status");

        assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
        List<String> lines = submitted.out().lines().toList();
        assertThat(lines.get(0)).matches("Run [0-9a-f-]{36} submitted: hello from the CLI \\(dev\\)");
        String id = lines.get(0).split(" ")[1];
        assertThat(lines.subList(1, lines.size() - 1)).allMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d  [a-z.-]+ +.*"));
        assertThat(lines).anyMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d  run\\.submitted +hello from the CLI \\(dev\\)"));
        assertThat(lines.stream().filter(line -> line.contains("  gate.passed ")).count()).isEqualTo(9);
        assertThat(lines).anyMatch(line -> line.matches(".*  step\\.succeeded +third \\(noop\\)"));
        assertThat(lines).anyMatch(line -> line.matches(".*  run\\.finished +SUCCEEDED: all 3 steps succeeded"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("Run " + id + " SUCCEEDED: all 3 steps succeeded");
        assertThat(submitted.err()).isEmpty();
        assertThat(api().get("/runs/" + id).json().get("labels").get("team").asString()).isEqualTo("cli");
    }

    @Test
    void aFailingRunExitsOneWithExitStatusAndZeroWithout() throws IOException {
        Cli cli = Cli.fresh().loggedIn(url(), "admin", ADMIN_PASSWORD);
        Path plan = Files.writeString(dir.resolve("failing.json"), """
                {"intent": "call a service that is down", "plan": {"steps": [
                  {"name": "call", "skill": "http", "params": {"url": "http://127.0.0.1:%d/health"}, "retry": {"maxAttempts": 1}}]}}
                """.formatted(closedPort()));

        Cli.Result failed = cli.run("runs", "submit", "-f", plan.toString(), "--watch", "--exit-status");
        Cli.Result notAsked = cli.run("runs", "submit", "-f", plan.toString(), "--watch");

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.out()).contains("  step.failed ", "  run.finished ").containsPattern("Run [0-9a-f-]{36} FAILED");
        assertThat(notAsked.exitCode()).as(notAsked.toString()).isZero();
    }

    @Test
    void aProdRunPausesShowsWhatToTypeAndResumesWhenSecondPeopleApproveThroughTheCli() throws Exception {
        String tenant = "cli-prod-" + UUID.randomUUID().toString().substring(0, 8);
        Cli submitter = logIn(tenant, "ADMIN");
        Cli alice = logIn(tenant, "APPROVER");
        Cli bob = logIn(tenant, "APPROVER");
        Path plan = Files.writeString(dir.resolve("prod.yaml"), """
                intent: release payments 4.2
                mode: prod
                evidence: {coverage: 0.91, lint: passed}
                plan: {steps: [{name: deploy, skill: noop}]}
                """);

        CompletableFuture<Cli.Result> watching = CompletableFuture.supplyAsync(
                () -> submitter.run("runs", "submit", "-f", plan.toString(), "--watch", "--exit-status", "--timeout", "60s"));
        String id = await().atMost(Duration.ofSeconds(20)).until(() -> pausedRun(alice, "PLAN_APPROVAL"), found -> found != null);

        Cli.Result own = submitter.run("approvals", "approve", id, "PLAN_APPROVAL", "--reason", "my own change");
        Cli.Result approved = alice.run("approvals", "approve", id, "PLAN_APPROVAL", "--reason", "plan reviewed", "-o", "json");
        await().atMost(Duration.ofSeconds(20)).until(() -> pausedRun(alice, "CONSENSUS"), found -> found != null);
        assertThat(alice.run("approvals", "approve", id, "CONSENSUS", "--reason", "ok from me").exitCode()).isZero();
        assertThat(bob.run("approvals", "approve", id, "CONSENSUS", "--reason", "second pair of eyes").exitCode()).isZero();
        Cli.Result watched = watching.get(60, TimeUnit.SECONDS);

        assertThat(own.exitCode()).as("separation of duties: " + own).isEqualTo(4);
        assertThat(approved.exitCode()).as(approved.toString()).isZero();
        assertThat(Api.json(approved.out()).get("id").asString()).isEqualTo(id);
        assertThat(watched.exitCode()).as(watched.toString()).isZero();
        assertThat(watched.out()).contains("  gate.paused ", "PLAN_APPROVAL: ",
                "cku approvals approve " + id + " PLAN_APPROVAL --reason \"…\"", "  approval.given ", "PLAN_APPROVAL by user:",
                "Run " + id + " SUCCEEDED");
    }

    @Test
    void listsRunsAsJsonFollowingThePagesToTheLimitOrToTheEnd() {
        String tenant = "cli-list-" + UUID.randomUUID().toString().substring(0, 8);
        Api operator = userWith(tenant, "OPERATOR");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, operator.submit("{\"intent\":\"page " + i + "\",\"plan\":{\"steps\":[{\"name\":\"a\",\"skill\":\"noop\"}]}}"));
        }
        Cli cli = Cli.fresh().with("CKU_URL", url()).with("CKU_TOKEN", operator.token());

        Cli.Result all = cli.run("runs", "list", "--all", "--page-size", "2", "-o", "json");
        Cli.Result three = cli.run("runs", "list", "--limit", "3", "--page-size", "2", "-o", "jsonl");
        Cli.Result table = cli.run("runs", "list", "--limit", "2", "-o", "table");

        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(Api.json(all.out()).valueStream().map(run -> run.get("id").asString()).toList()).isEqualTo(ids);
        assertThat(three.out().lines().map(line -> Api.json(line).get("id").asString()).toList()).isEqualTo(ids.subList(0, 3));
        assertThat(table.out().lines().toList()).hasSize(3).first().asString().startsWith("ID").contains("STATUS", "MODE", "INTENT");
        assertThat(table.out()).contains(ids.get(0), "page 4");
    }

    @Test
    void verifiesAnExportOfflineAndNamesTheEntryWhoseByteWasChanged() throws IOException {
        Cli cli = Cli.fresh().loggedIn(url(), "admin", ADMIN_PASSWORD);
        String id = api().submit("{\"intent\":\"to be exported\",\"plan\":{\"steps\":[{\"name\":\"a\",\"skill\":\"noop\"}]}}");
        api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(20));
        checkpoints.checkpointNow();
        Path export = dir.resolve("audit.ndjson");
        Path key = Files.writeString(dir.resolve("key.txt"), api().get("/audit/public-key").body());

        Cli.Result exported = cli.run("audit", "export", "-o", export.toString());
        Cli.Result valid = Cli.fresh().run("audit", "verify", "--offline", export.toString(), "--public-key", key.toString(), "-o", "table");

        assertThat(exported.exitCode()).as(exported.toString()).isZero();
        assertThat(exported.out()).startsWith("Wrote ").contains("and its signed checkpoint to " + export + ".checkpoint");
        assertThat(valid.exitCode()).as(valid.toString()).isZero();
        assertThat(valid.out()).startsWith("VALID: ");

        List<String> lines = Files.readAllLines(export);
        int index = lines.size() / 2;
        while (!lines.get(index).contains("\"action\":\"")) {
            index++;
        }
        long seq = Api.json(lines.get(index)).get("seq").asLong();
        String line = lines.get(index);
        int at = line.indexOf("\"action\":\"") + 10;
        lines.set(index, line.substring(0, at) + (line.charAt(at) == 'x' ? 'y' : 'x') + line.substring(at + 1));
        Files.writeString(export, lines.stream().collect(Collectors.joining("\n", "", "\n")));

        Cli.Result tampered = Cli.fresh().run("audit", "verify", "--offline", export.toString(), "--public-key", key.toString(), "-o", "table");
        Cli.Result json = Cli.fresh().run("audit", "verify", "--offline", export.toString(), "--public-key", key.toString(), "-o", "json");

        assertThat(tampered.exitCode()).isEqualTo(1);
        assertThat(tampered.out()).startsWith("INVALID at entry " + seq + ": entry " + seq + "'s fields differ from its canonical bytes");
        assertThat(Api.json(json.out()).get("firstInvalidSeq").asLong()).isEqualTo(seq);
    }

    @Test
    void checksAPlanHereBeforeSendingAndNamesEveryProblem() throws IOException {
        Cli cli = Cli.fresh().loggedIn(url(), "admin", ADMIN_PASSWORD);
        long before = runCount();
        Path plan = Files.writeString(dir.resolve("bad.yaml"), """
                mode: sometimes
                plan:
                  steps:
                    - {name: a, skill: noop}
                    - {name: a}
                """);
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "intent: x\nplan: {stpes: []}\n");

        Cli.Result invalid = cli.run("runs", "submit", "-f", plan.toString());
        Cli.Result unknownField = cli.run("runs", "submit", "-f", typo.toString());
        Cli.Result missing = cli.run("runs", "submit", "-f", dir.resolve("nothing.yaml").toString());

        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).isEqualTo("error: " + plan + " is not a valid run: intent is required; mode must be one of dev, staging, "
                + "prod; was 'sometimes'; plan.steps[1].name 'a' is used by an earlier step; step names must be unique; "
                + "plan.steps[1].skill a step names a skill, or gives an intent to route to one\n");
        assertThat(unknownField.exitCode()).isEqualTo(2);
        assertThat(unknownField.err()).startsWith("error: " + typo + " is not a run request (line 2): ").contains("stpes");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(runCount()).isEqualTo(before);
    }

    @Test
    void cancelsARunWithAReasonTheRunKeeps() throws IOException {
        Cli cli = Cli.fresh().loggedIn(url(), "admin", ADMIN_PASSWORD);
        String id = api().submit("{\"intent\":\"wait a while\",\"plan\":{\"steps\":[{\"name\":\"nap\",\"skill\":\"sleep\",\"params\":{\"ms\":30000}}]}}");
        api().awaitStatus(id, "RUNNING", Duration.ofSeconds(20));

        Cli.Result cancelled = cli.run("runs", "cancel", id, "--reason", "wrong branch", "-o", "json");
        Cli.Result again = cli.run("runs", "cancel", id);
        Cli.Result events = cli.run("runs", "events", id);

        assertThat(cancelled.exitCode()).as(cancelled.toString()).isZero();
        assertThat(Api.json(cancelled.out()).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(Api.json(cancelled.out()).get("reason").asString()).isEqualTo("cancelled on request: wrong branch");
        assertThat(again.exitCode()).as("a run that has ended cannot be cancelled: " + again).isEqualTo(1);
        List<JsonNode> stream = events.out().lines().map(Api::json).toList();
        assertThat(stream.get(0).get("type").asString()).isEqualTo("run.submitted");
        assertThat(stream.get(stream.size() - 1).get("type").asString()).isEqualTo("run.finished");
        assertThat(stream).allMatch(event -> event.get("runId").asString().equals(id));
    }

    @Test
    void attachesACoverageReportAndMakesARetriedSubmissionSafeWithAnIdempotencyKey() throws IOException {
        Cli cli = Cli.fresh().loggedIn(url(), "admin", ADMIN_PASSWORD);
        Path plan = Files.writeString(dir.resolve("plan.yaml"), PLAN);
        Path jacoco = Files.writeString(dir.resolve("jacoco.xml"),
                "<?xml version=\"1.0\"?><report name=\"r\"><counter type=\"LINE\" missed=\"1\" covered=\"9\"/></report>");
        String key = "cli-" + UUID.randomUUID();

        Cli.Result first = cli.run("runs", "submit", "-f", plan.toString(), "--evidence-file", jacoco.toString(), "--label", "ticket=CKU-16",
                "--idempotency-key", key, "-o", "json");
        Cli.Result again = cli.run("runs", "submit", "-f", plan.toString(), "--evidence-file", jacoco.toString(), "--label", "ticket=CKU-16",
                "--idempotency-key", key, "-o", "json");
        Cli.Result notAReport = cli.run("runs", "submit", "-f", plan.toString(), "--evidence-file", plan.toString());

        assertThat(first.exitCode()).as(first.toString()).isZero();
        JsonNode run = Api.json(first.out());
        assertThat(Api.json(again.out()).get("id").asString()).as("the same run, not a second one").isEqualTo(run.get("id").asString());
        assertThat(run.get("evidence").get("jacoco").get("lineCovered").asInt()).isEqualTo(9);
        assertThat(run.get("evidence").toString()).doesNotContain("<report");
        assertThat(run.get("labels").get("ticket").asString()).isEqualTo("CKU-16");
        assertThat(run.get("labels").get("team").asString()).as("the file's labels stay").isEqualTo("cli");
        assertThat(notAReport.exitCode()).isEqualTo(2);
        assertThat(notAReport.err()).contains("--evidence-file takes a JaCoCo XML report (.xml) or a SARIF log");
    }

    /** A user of the tenant with these roles, logged in through the CLI. */
    private Cli logIn(String tenant, String... roles) {
        Api user = userWith(tenant, roles);
        return Cli.fresh().with("CKU_URL", url()).with("CKU_TOKEN", user.token());
    }

    /** The run waiting at this gate that the approver sees in {@code cku approvals list -o json}; null while there is none. */
    private static String pausedRun(Cli approver, String gate) {
        Cli.Result pending = approver.run("approvals", "list", "-o", "json");
        return Api.json(pending.out()).valueStream().filter(p -> p.get("gate").asString().equals(gate)).map(p -> p.get("runId").asString())
                .findFirst().orElse(null);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
