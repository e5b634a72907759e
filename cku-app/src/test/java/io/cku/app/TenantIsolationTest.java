package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cku.app.Api.Response;
import tools.jackson.databind.JsonNode;

/** A tenant never sees, changes or learns of another tenant's runs and accounts: their ids answer like ids that do not exist. */
class TenantIsolationTest extends ServiceTest {

    @Test
    void anotherTenantsRunAnswers404OnEveryRunRouteLikeAMissingOne() {
        Api tenantA = userWith("tenant-a", "OPERATOR");
        Api tenantB = userWith("tenant-b", "OPERATOR", "APPROVER");
        String runOfA = tenantA.submit(Api.noopRun(1));
        String missing = UUID.randomUUID().toString();

        for (String route : List.of("/runs/%s", "/runs/%s/cancel")) {
            Response foreign = call(tenantB, route.formatted(runOfA));
            Response absent = call(tenantB, route.formatted(missing));

            assertThat(foreign.status()).as(route).isEqualTo(404);
            assertThat(foreign.isProblem()).isTrue();
            assertThat(foreign.json().get("title")).isEqualTo(absent.json().get("title"));
            assertThat(foreign.json().get("detail").asString().replace(runOfA, "ID"))
                    .isEqualTo(absent.json().get("detail").asString().replace(missing, "ID"));
        }
        JsonNode run = tenantA.awaitStatus(runOfA, "SUCCEEDED", Duration.ofSeconds(20));
        assertThat(run.get("tenant").asString()).isEqualTo("tenant-a");
    }

    @Test
    void listsNeverIncludeAnotherTenantsRuns() {
        Api tenantA = userWith("tenant-c", "OPERATOR");
        Api tenantB = userWith("tenant-d", "VIEWER");
        List<String> runsOfA = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runsOfA.add(tenantA.submit(Api.noopRun(1)));
        }

        List<String> seenByB = allRunIds(tenantB, "");
        List<String> seenByA = allRunIds(tenantA, "");
        List<String> pendingSeenByB = allRunIds(tenantB, "&status=PENDING");

        assertThat(seenByB).doesNotContainAnyElementsOf(runsOfA);
        assertThat(pendingSeenByB).doesNotContainAnyElementsOf(runsOfA);
        assertThat(seenByA).containsAll(runsOfA);
        assertThat(api().get("/runs?limit=100").json().get("items").valueStream().map(r -> r.get("id").asString()))
                .as("the default tenant's administrator sees only the default tenant's runs").doesNotContainAnyElementsOf(runsOfA);
    }

    @Test
    void theSameIdempotencyKeyInTwoTenantsMakesTwoRuns() {
        Api tenantA = userWith("tenant-e", "OPERATOR");
        Api tenantB = userWith("tenant-f", "OPERATOR");
        Map<String, String> key = Map.of("Content-Type", "application/json", "Idempotency-Key", "deploy-" + UUID.randomUUID());

        Response a = tenantA.post("/runs", Api.noopRun(1), key);
        Response b = tenantB.post("/runs", Api.noopRun(2), key);

        assertThat(a.status()).isEqualTo(202);
        assertThat(b.status()).as("no conflict, no hint of tenant A's run").isEqualTo(202);
        assertThat(b.json().get("id").asString()).isNotEqualTo(a.json().get("id").asString());
    }

    @Test
    void aTenantsAdministratorManagesOnlyTheirOwnTenantsAccounts() {
        Api adminOfG = userWith("tenant-g", "ADMIN");
        Api userOfH = userWith("tenant-h", "VIEWER");
        String userOfHName = subject(userOfH);

        Response patchForeign = adminOfG.patch("/admin/users/" + userOfHName, "{\"enabled\":false}");
        Response listForeign = adminOfG.get("/admin/users?tenant=tenant-h");
        Response createForeign = adminOfG.post("/admin/users",
                "{\"username\":\"intruder-" + UUID.randomUUID().toString().substring(0, 8)
                        + "\",\"password\":\"long-enough-password\",\"tenant\":\"tenant-h\",\"roles\":[\"ADMIN\"]}");
        List<String> ownList = adminOfG.get("/admin/users").json().valueStream().map(u -> u.get("tenant").asString()).distinct().toList();

        assertThat(patchForeign.status()).isEqualTo(404);
        assertThat(listForeign.status()).isEqualTo(403);
        assertThat(createForeign.status()).isEqualTo(403);
        assertThat(ownList).containsExactly("tenant-g");
        assertThat(userOfH.get("/runs").status()).as("the foreign user is still enabled").isEqualTo(200);
    }

    private static Response call(Api api, String path) {
        return path.endsWith("/cancel") ? api.post(path, "") : api.get(path);
    }

    private static List<String> allRunIds(Api api, String filter) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/runs?limit=100" + filter + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").valueStream().forEach(run -> ids.add(run.get("id").asString()));
            cursor = page.path("nextCursor").isString() ? page.get("nextCursor").asString() : null;
        } while (cursor != null);
        return ids;
    }

    /** The username inside the client's token. */
    private static String subject(Api api) {
        String payload = api.token().split("\\.")[1];
        return Api.json(new String(java.util.Base64.getUrlDecoder().decode(payload))).get("sub").asString();
    }
}
