package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;

import io.cku.app.Api.Response;

/** The liveness and readiness groups at their standard paths, open like /actuator/health, and what each one checks. */
class HealthGroupsTest extends ServiceTest {

    @Autowired
    private HealthEndpointGroups groups;

    @Test
    void theRunningServiceIsLiveAndReadyWithoutAToken() {
        Response live = anonymous().get("/actuator/health/liveness");
        Response ready = anonymous().get("/actuator/health/readiness");

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().get("status").asString()).isEqualTo("UP");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asString()).isEqualTo("UP");
        assertThat(ready.body()).as("no details on the open endpoint").doesNotContain("components");
    }

    @Test
    void readinessChecksTheDatabaseMigrationsWorkersAndRedisAndLivenessOnlyTheProcess() {
        HealthEndpointGroup readiness = groups.get("readiness");
        HealthEndpointGroup liveness = groups.get("liveness");

        assertThat(readiness).isNotNull();
        assertThat(liveness).isNotNull();
        assertThat(java.util.List.of("readinessState", "db", "migrations", "runWorkers", "redis")).allMatch(readiness::isMember);
        assertThat(liveness.isMember("livenessState")).isTrue();
        assertThat(liveness.isMember("db")).as("a database outage must not get the process restarted").isFalse();
        assertThat(liveness.isMember("runWorkers")).isFalse();
    }

    @Test
    void theHealthSubPathsAreNotRateLimitedOrBehindAToken() {
        Response withBadToken = anonymous().withToken("not-a-token").get("/actuator/health/readiness");

        assertThat(withBadToken.status()).as("a bad token is refused wherever it is sent").isEqualTo(401);
        assertThat(anonymous().get("/actuator/health/readiness").header("RateLimit-Limit")).isEmpty();
    }
}
