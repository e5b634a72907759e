package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cku.app.Api.Response;
import tools.jackson.databind.JsonNode;

/** Bad input gets a 4xx Problem Details answer that names what is wrong, and stores nothing. */
class RunValidationTest extends ServiceTest {

    private long runsBefore;

    @BeforeEach
    void countRuns() {
        runsBefore = runCount();
    }

    @Test
    void refusesAnUnacceptableResponseTypeBeforeStoringAnything() {
        Response response = api().post("/runs", Api.noopRun(1), Map.of("Content-Type", "application/json", "Accept", "application/xml"));

        assertThat(response.status()).isEqualTo(406);
        assertThat(runCount()).isEqualTo(runsBefore);
    }

    @Test
    void refusesARunWithoutIntent() {
        Response response = api().post("/runs", """
                {"plan":{"steps":[{"name":"a","skill":"noop"}]}}""");

        assertInvalid(response, "intent", "is required");
    }

    @Test
    void refusesAnIntentLongerThan2000Characters() {
        Response response = api().post("/runs", """
                {"intent":"%s","plan":{"steps":[{"name":"a","skill":"noop"}]}}""".formatted("x".repeat(2001)));

        assertInvalid(response, "intent", "at most 2000");
    }

    @Test
    void refusesAPlanWithoutSteps() {
        Response response = api().post("/runs", """
                {"intent":"empty","plan":{"steps":[]}}""");

        assertInvalid(response, "plan.steps", "1 to 100 steps");
    }

    @Test
    void refusesAPlanOf101Steps() {
        String steps = IntStream.rangeClosed(1, 101).mapToObj(i -> "{\"name\":\"s" + i + "\",\"skill\":\"noop\"}")
                .collect(Collectors.joining(","));

        Response response = api().post("/runs", "{\"intent\":\"big\",\"plan\":{\"steps\":[" + steps + "]}}");

        assertInvalid(response, "plan.steps", "had 101");
    }

    @Test
    void refusesDuplicateStepNames() {
        Response response = api().post("/runs", """
                {"intent":"dup","plan":{"steps":[{"name":"a","skill":"noop"},{"name":"a","skill":"noop"}]}}""");

        assertInvalid(response, "plan.steps[1].name", "unique");
    }

    @Test
    void refusesAnUnknownSkillAtSubmission() {
        Response response = api().post("/runs", """
                {"intent":"unknown","plan":{"steps":[{"name":"a","skill":"teleport"}]}}""");

        assertInvalid(response, "plan.steps[0].skill", "unknown skill 'teleport'");
    }

    @Test
    void refusesAnIntentThatMatchesNoSkillNamingTheCandidates() {
        Response response = api().post("/runs", """
                {"intent":"vague","plan":{"steps":[{"name":"a","intent":"make everything better"}]}}""");

        assertInvalid(response, "plan.steps[0].intent", "candidates: approval, file.write, http, noop, shell, sleep");
    }

    @Test
    void refusesAnUnknownMode() {
        Response response = api().post("/runs", """
                {"intent":"mode","mode":"production","plan":{"steps":[{"name":"a","skill":"noop"}]}}""");

        assertInvalid(response, "mode", "must be one of dev, staging, prod");
    }

    @Test
    void listsEveryBadFieldAtOnce() {
        Response response = api().post("/runs", """
                {"mode":"qa","plan":{"steps":[{"name":"a","skill":"sleep"}]}}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder("intent", "mode", "plan.steps[0].params");
        assertThat(runCount()).isEqualTo(runsBefore);
    }

    @Test
    void refusesMalformedJson() {
        Response response = api().post("/runs", "{\"intent\": \"broken\", \"plan\": ");

        assertProblem(response, 400, "urn:cku:problem:malformed-body");
        assertThat(response.json().get("detail").asString()).contains("not valid JSON");
    }

    @Test
    void refusesAFieldOfTheWrongJsonType() {
        Response response = api().post("/runs", """
                {"intent":"types","plan":{"steps":"all of them"}}""");

        assertProblem(response, 400, "urn:cku:problem:malformed-body");
        assertThat(response.json().get("detail").asString()).contains("plan.steps");
    }

    @Test
    void refusesAWrongContentType() {
        Response response = api().post("/runs", Api.noopRun(1), Map.of("Content-Type", "text/plain"));

        assertProblem(response, 415, "urn:cku:problem:unsupported-media-type");
    }

    @Test
    void answersAnUnknownPathWithAProblem() {
        Response response = api().get("/nothing-here");

        assertProblem(response, 404, "urn:cku:problem:not-found");
    }

    @Test
    void refusesAFileWriteThatEscapesTheWorkspace() {
        Response response = api().post("/runs", """
                {"intent":"escape","plan":{"steps":[{"name":"w","skill":"file.write","params":{"path":"../../etc/cron.d/evil","content":"x"}}]}}""");

        assertInvalid(response, "plan.steps[0].params", "inside the workspace");
    }

    @Test
    void refusesAnHttpStepAimedAtCloudMetadata() {
        Response response = api().post("/runs", """
                {"intent":"ssrf","plan":{"steps":[{"name":"h","skill":"http","params":{"url":"http://169.254.169.254/latest/meta-data"}}]}}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(runCount()).isEqualTo(runsBefore);
    }

    @Test
    void refusesAShellCommandOffTheAllowList() {
        Response response = api().post("/runs", """
                {"intent":"shell","plan":{"steps":[{"name":"s","skill":"shell","params":{"command":"rm","args":["-rf","/"]}}]}}""");

        assertInvalid(response, "plan.steps[0].params", "allowed-commands");
    }

    @Test
    void refusesABadListingQuery() {
        assertInvalid(api().get("/runs?status=DONE"), "status", "must be one of");
        assertInvalid(api().get("/runs?limit=0"), "limit", "1..100");
        assertInvalid(api().get("/runs?limit=many"), "limit", "whole number");
        assertInvalid(api().get("/runs?cursor=bm90LWEtY3Vyc29y"), "cursor", "not a cursor");
    }

    private void assertInvalid(Response response, String field, String messagePart) {
        assertProblem(response, 400, "urn:cku:problem:invalid-request");
        JsonNode errors = response.json().get("errors");
        assertThat(errors.valueStream().filter(e -> e.get("field").asString().equals(field)))
                .as("errors %s name field %s", errors, field)
                .anySatisfy(e -> assertThat(e.get("message").asString()).contains(messagePart));
    }

    private void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo(type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.cku");
        assertThat(runCount()).isEqualTo(runsBefore);
    }
}
