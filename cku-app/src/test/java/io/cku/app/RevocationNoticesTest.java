package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Other instances' revocations arrive as PostgreSQL notifications on a listening connection of each instance's own. When
 * that connection is lost, the instance polls until it listens again and then reads what it missed: a session ended
 * meanwhile is still refused within the second.
 */
class RevocationNoticesTest extends TwoInstanceTest {

    @Test
    void everyInstanceListensForRevocations() {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> listeners() >= 2);
    }

    @Test
    void aSessionEndedWhileTheListeningConnectionsAreLostIsRefusedWithinASecond() {
        Api there = userWith("default", "VIEWER");
        Api here = anonymous(other).withToken(there.token());
        assertThat(here.get("/runs").status()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> listeners() >= 2);

        int terminated = jdbc.sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE " + LISTENER).query(Integer.class).single();
        assertThat(there.post("/auth/revoke", "").status()).isEqualTo(204);

        assertThat(terminated).isGreaterThanOrEqualTo(2);
        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> here.get("/runs").status() == 401);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> listeners() >= 2);
    }

    /** The backends that listen, by the application name their connection gives itself. */
    private static final String LISTENER = "application_name = 'cku-revocation-notices'";

    private int listeners() {
        return jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE " + LISTENER).query(Integer.class).single();
    }
}
