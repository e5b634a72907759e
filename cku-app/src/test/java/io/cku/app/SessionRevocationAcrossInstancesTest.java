package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Two instances on one database: a session ended on one is refused by the other within a second, with no query per request. */
class SessionRevocationAcrossInstancesTest extends TwoInstanceTest {

    @Test
    void aTokenRevokedOnOneInstanceIsRefusedByTheOtherWithinASecond() {
        Api here = userWith("default", "VIEWER");
        Api there = anonymous(other).withToken(here.token());
        assertThat(there.get("/runs").status()).isEqualTo(200);

        assertThat(here.post("/auth/revoke", "").status()).isEqualTo(204);

        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(25))
                .until(() -> there.get("/runs").status() == 401);
    }

    @Test
    void aSessionEndedOnTheOtherInstanceIsRefusedHereWithinASecond() {
        String username = "x-" + UUID.randomUUID().toString().substring(0, 12);
        assertThat(api().post("/admin/users", "{\"username\":\"" + username + "\",\"password\":\"password-" + username
                + "\",\"roles\":[\"VIEWER\"]}").status()).isEqualTo(201);
        Api there = anonymous(other).login(username, "password-" + username);
        Api here = anonymous().withToken(there.token());
        assertThat(here.get("/runs").status()).isEqualTo(200);

        Api otherAdmin = anonymous(other).login("admin", ADMIN_PASSWORD);
        assertThat(otherAdmin.patch("/admin/users/" + username, "{\"enabled\":false}").status()).isEqualTo(200);
        assertThat(otherAdmin.patch("/admin/users/" + username, "{\"enabled\":true}").status()).isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(25))
                .until(() -> here.get("/runs").status() == 401);
    }
}
