package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What each instance remembers to spare a request its checks — verified tokens (until they expire) and the accounts behind
 * requests (for {@code cku.auth.account-memory}) — never outlives a change made on another instance by more than a second:
 * a disabled user, changed roles, a revoked service account. A token whose key has been rotated out is refused however
 * often it was verified before. Each case first makes the remembering instance use the credential, so that it is
 * remembered when the change happens.
 */
class RememberedCredentialsAcrossInstancesTest extends TwoInstanceTest {

    private static final String ROTATED_SECRET = "the-next-signing-key-of-at-least-thirty-two-bytes";
    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

    @Test
    void aUserDisabledOnOneInstanceIsRefusedByTheOtherWithinASecond() {
        Api here = userWith("default", "VIEWER");
        keepUsing(here);
        String username = whoAmI(here);

        assertThat(otherAdmin().patch("/admin/users/" + username, "{\"enabled\":false}").status()).isEqualTo(200);

        Awaitility.await().atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(20)).until(() -> here.get("/runs").status() == 401);
        // disabling also ends the user's sessions: whichever of the two this instance hears of first refuses the token
        assertThat(here.get("/runs").json().get("detail").asString()).containsAnyOf("disabled", "revoked");
    }

    @Test
    void rolesChangedOnOneInstanceApplyOnTheOtherWithinASecond() {
        Api here = userWith("default", "OPERATOR");
        assertThat(here.submit(Api.noopRun(1))).isNotBlank();
        keepUsing(here);

        assertThat(otherAdmin().patch("/admin/users/" + whoAmI(here), "{\"roles\":[\"VIEWER\"]}").status()).isEqualTo(200);

        Awaitility.await().atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(20))
                .until(() -> here.post("/runs", Api.noopRun(1)).status() == 403);
        assertThat(here.get("/runs").status()).isEqualTo(200);
    }

    @Test
    void aServiceAccountRevokedOnOneInstanceIsRefusedByTheOtherWithinASecond() {
        Api.Response created = api().post("/admin/service-accounts",
                "{\"name\":\"remembered-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"roles\":[\"VIEWER\"]}");
        assertThat(created.status()).isEqualTo(201);
        String token = anonymous().post("/auth/token", "{\"apiKey\":\"" + created.json().get("apiKey").asString() + "\"}").json()
                .get("access_token").asString();
        Api here = anonymous().withToken(token);
        keepUsing(here);

        assertThat(otherAdmin().delete("/admin/service-accounts/" + created.json().get("id").asString()).status()).isEqualTo(200);

        Awaitility.await().atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(20)).until(() -> here.get("/runs").status() == 401);
    }

    @Test
    void aTokenSignedWithARotatedOutKeyIsRefusedHoweverOftenItWasVerified() {
        Api oldKey = userWith("default", "VIEWER");
        keepUsing(oldKey);
        other.close();
        other = null;

        // mid-rotation: the next key signs, the old one still verifies, so nobody is logged out
        try (ConfigurableApplicationContext rotating = anotherInstance(
                Map.of("cku.auth.jwt-secret", ROTATED_SECRET, "cku.auth.previous-secrets", JWT_SECRET))) {
            Api there = anonymous(rotating).withToken(oldKey.token());
            keepUsing(there);
            Api newKey = anonymous(rotating).login("admin", ADMIN_PASSWORD);
            assertThat(newKey.get("/runs").status()).isEqualTo(200);
            assertThat(anonymous().withToken(newKey.token()).get("/runs").status())
                    .as("an instance that does not know the next key yet").isEqualTo(401);
        }

        // the rotation done: the old key is dropped, and with it every token it signed, remembered or not
        try (ConfigurableApplicationContext rotated = anotherInstance(Map.of("cku.auth.jwt-secret", ROTATED_SECRET))) {
            Api.Response refused = anonymous(rotated).withToken(oldKey.token()).get("/runs");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.isProblem()).isTrue();
        }
        assertThat(oldKey.get("/runs").status()).as("this instance still has the old key").isEqualTo(200);
    }

    /** Uses the credential a few times, so that the instance has verified and remembered it. */
    private static void keepUsing(Api caller) {
        for (int i = 0; i < 5; i++) {
            assertThat(caller.get("/runs").status()).isEqualTo(200);
        }
    }

    /** The username in the token's subject. */
    private static String whoAmI(Api caller) {
        String claims = new String(Base64.getUrlDecoder().decode(caller.token().split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher subject = Pattern.compile("\"sub\"\\s*:\\s*\"([^\"]+)\"").matcher(claims);
        assertThat(subject.find()).as("a subject in %s", claims).isTrue();
        return subject.group(1);
    }

    private static Api otherAdmin() {
        return anonymous(other).login("admin", ADMIN_PASSWORD);
    }
}
