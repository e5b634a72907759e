package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.cku.app.Api.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.JsonNode;

/**
 * A run cannot turn the service against its own network: a step aimed at a refused address is refused at submission,
 * and a name that resolves to one fails its step for good before anything is sent. (ServiceTest allows 127.0.0.1/32
 * for the tests' loopback servers, and nothing else of loopback.)
 */
class OutboundDestinationTest extends ServiceTest {

    @Autowired
    private EmbeddedPostgres database;

    private LoopbackServer server;
    private long runsBefore;

    @BeforeEach
    void serverAndCount() throws IOException {
        server = new LoopbackServer().answer("/undo", 200);
        runsBefore = runCount();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.2/hook            | refused 127.0.0.2: loopback (cku.skills.http.allowed-networks)
            http://2130706434/hook           | refused 127.0.0.2: loopback (cku.skills.http.allowed-networks)
            http://0x7f.0.0.2/hook           | refused 127.0.0.2: loopback (cku.skills.http.allowed-networks)
            http://[::1]:8080/hook           | refused ::1: loopback (cku.skills.http.allowed-networks)
            http://[::ffff:127.0.0.2]/hook   | refused 127.0.0.2: loopback (cku.skills.http.allowed-networks)
            http://10.0.0.1/internal         | refused 10.0.0.1: private (cku.skills.http.allowed-networks)
            https://192.168.1.1./admin       | refused 192.168.1.1: private (cku.skills.http.allowed-networks)
            http://169.254.169.254/latest    | refused 169.254.169.254: metadata (never allowed)
            """)
    void aStepAimedAtARefusedAddressIsABadRequestAndNothingIsStored(String url, String reason) {
        assertRefusedAtSubmission(url, reason);
    }

    @Test
    void theServicesOwnPortsAreRefusedEvenOnTheAllowedNetwork() {
        assertRefusedAtSubmission("http://127.0.0.1:" + port + "/actuator/health",
                "refused 127.0.0.1:" + port + ": own-address (the service's own HTTP server, never allowed)");
        assertRefusedAtSubmission("http://127.0.0.1:" + database.getPort() + "/",
                "refused 127.0.0.1:" + database.getPort() + ": own-address (the service's own database, never allowed)");
    }

    @Test
    void aNameThatResolvesToTheServiceItselfFailsTheStepForGoodWithoutCallingItOrUndoingIt() {
        String id = api().submit("""
                {"intent":"reach the service itself","plan":{"steps":[
                  {"name":"call","skill":"http","params":{"url":"http://localhost:%d/actuator/health"},
                   "compensate":{"skill":"http","params":{"url":"%s","method":"POST"}}}]}}"""
                .formatted(port, server.url("/undo")));

        JsonNode run = api().awaitStatus(id, "FAILED", Duration.ofSeconds(20));

        JsonNode step = run.get("steps").get(0);
        assertThat(step.get("attempts").asInt()).as("a refused destination is never retried").isEqualTo(1);
        JsonNode attempt = step.get("attemptLog").get(0);
        assertThat(attempt.get("classification").asString()).isEqualTo("PERMANENT");
        assertThat(attempt.get("errorType").asString()).isEqualTo("refused-destination");
        assertThat(attempt.get("error").asString()).startsWith("refused localhost (")
                .endsWith("): own-address (the service's own HTTP server, never allowed)");
        assertThat(server.requests()).as("nothing was called, so nothing is undone").isEmpty();
    }

    private void assertRefusedAtSubmission(String url, String reason) {
        Response response = api().post("/runs", """
                {"intent":"reach inside","plan":{"steps":[{"name":"h","skill":"http","params":{"url":"%s"}}]}}""".formatted(url));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:cku:problem:invalid-request");
        assertThat(response.json().get("errors").valueStream())
                .anySatisfy(error -> {
                    assertThat(error.get("field").asString()).isEqualTo("plan.steps[0].params");
                    assertThat(error.get("message").asString()).contains("params.url: " + reason);
                });
        assertThat(runCount()).isEqualTo(runsBefore);
    }
}
