package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.cku.app.Api.Response;
import io.cku.audit.AuditLog;
import io.cku.auth.SecurityEvent.RefreshTokenReused;
import io.cku.auth.SecurityEvent.SessionRevoked;
import io.cku.auth.SecurityEvent.TokenRefreshed;
import tools.jackson.databind.JsonNode;

/**
 * Login sessions as the CLI and the web UI use them: a refresh token rotated on every use, reuse taken as theft, and
 * sessions ended on request or when the user is disabled.
 */
class SessionsTest extends ServiceTest {

    @Autowired
    private AuditLog audit;

    @Test
    void aPasswordLoginAnswersARefreshTokenForTwelveHoursStoredOnlyAsItsHash() {
        Response login = login(newUser());

        JsonNode answer = login.json();
        String refresh = answer.get("refresh_token").asString();
        assertThat(refresh).startsWith("ckr_").hasSizeGreaterThan(40);
        assertThat(answer.get("refresh_expires_in").asLong()).isBetween(43_190L, 43_200L);
        assertThat(answer.get("expires_in").asInt()).isEqualTo(900);
        assertThat(claims(answer.get("access_token").asString()).hasNonNull("sid")).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM refresh_tokens WHERE token_hash = ?").param(sha256(refresh)).query(Long.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM refresh_tokens WHERE token_hash = ? OR replaced_by = ?").params(refresh, refresh)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aServiceAccountLoginAnswersNoRefreshToken() {
        String key = api().post("/admin/service-accounts", "{\"name\":\"ci-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"roles\":[\"VIEWER\"]}").json().get("apiKey").asString();

        Response exchanged = anonymous().post("/auth/token", "{\"apiKey\":\"" + key + "\"}");

        assertThat(exchanged.status()).isEqualTo(200);
        assertThat(exchanged.json().has("refresh_token")).isFalse();
        assertThat(exchanged.json().has("refresh_expires_in")).isFalse();
    }

    @Test
    void aRefreshTokenGivesANewPairOnceAndTheNewAccessTokenWorks() {
        JsonNode first = login(newUser()).json();

        Response refreshed = refresh(first.get("refresh_token").asString());

        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.header("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("no-store"));
        JsonNode next = refreshed.json();
        assertThat(next.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(next.get("expires_in").asInt()).isEqualTo(900);
        assertThat(next.get("access_token").asString()).isNotEqualTo(first.get("access_token").asString());
        assertThat(next.get("refresh_token").asString()).isNotEqualTo(first.get("refresh_token").asString());
        assertThat(next.get("refresh_expires_in").asLong()).as("the session ends when it would have")
                .isLessThanOrEqualTo(first.get("refresh_expires_in").asLong());
        assertThat(claims(next.get("access_token").asString()).get("sid")).isEqualTo(claims(first.get("access_token").asString()).get("sid"));
        assertThat(getRuns(next.get("access_token").asString()).status()).isEqualTo(200);
        assertThat(recordedEvents.of(TokenRefreshed.class)).extracting(TokenRefreshed::tokenId)
                .contains(claims(next.get("access_token").asString()).get("jti").asString());
    }

    @Test
    void presentingAUsedRefreshTokenAgainEndsTheWholeSession() {
        JsonNode first = login(newUser()).json();
        String used = first.get("refresh_token").asString();
        JsonNode second = refresh(used).json();

        Response reuse = refresh(used);

        assertRefused(reuse, "used before");
        assertRefused(refresh(second.get("refresh_token").asString()), "ended");
        assertThat(getRuns(second.get("access_token").asString()).status()).as("the family's newest access token").isEqualTo(401);
        assertThat(getRuns(first.get("access_token").asString()).status()).as("the family's first access token").isEqualTo(401);
        String session = claims(first.get("access_token").asString()).get("sid").asString();
        assertThat(recordedEvents.of(RefreshTokenReused.class)).extracting(RefreshTokenReused::sessionId).contains(session);
    }

    @Test
    void twoRefreshesOfOneTokenAtOnceCannotBothSucceed() throws Exception {
        String refresh = login(newUser()).json().get("refresh_token").asString();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(threads.submit((Callable<Response>) () -> {
                start.await();
                return refresh(refresh);
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Response> answer : answers) {
            statuses.add(answer.get().status());
        }
        threads.shutdown();

        assertThat(statuses).containsOnly(200, 401).filteredOn(status -> status == 200).hasSizeLessThanOrEqualTo(1);
        assertThat(statuses).contains(401);
    }

    @Test
    void revokingRefusesTheSameAccessTokenAtOnceAndItsRefreshToken() {
        JsonNode login = login(newUser()).json();
        String access = login.get("access_token").asString();
        assertThat(getRuns(access).status()).isEqualTo(200);

        Response revoked = anonymous().withToken(access).post("/auth/revoke", "");

        assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);
        Response after = getRuns(access);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.isProblem()).isTrue();
        assertThat(after.json().get("detail").asString()).contains("revoked");
        assertRefused(refresh(login.get("refresh_token").asString()), "ended");
        assertThat(recordedEvents.of(SessionRevoked.class)).extracting(SessionRevoked::tokenId)
                .contains(claims(access).get("jti").asString());
    }

    @Test
    void aServiceAccountEndsItsTokenAndLogsInAgainWithItsKey() {
        String key = api().post("/admin/service-accounts", "{\"name\":\"ci-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"roles\":[\"VIEWER\"]}").json().get("apiKey").asString();
        String token = anonymous().post("/auth/token", "{\"apiKey\":\"" + key + "\"}").json().get("access_token").asString();

        assertThat(anonymous().withToken(token).post("/auth/revoke", "").status()).isEqualTo(204);

        assertThat(getRuns(token).status()).isEqualTo(401);
        String again = anonymous().post("/auth/token", "{\"apiKey\":\"" + key + "\"}").json().get("access_token").asString();
        assertThat(getRuns(again).status()).isEqualTo(200);
    }

    @Test
    void revokingNeedsABearerToken() {
        Response anonymousRevoke = anonymous().post("/auth/revoke", "");

        assertThat(anonymousRevoke.status()).isEqualTo(401);
        assertThat(anonymousRevoke.isProblem()).isTrue();
    }

    @Test
    void disablingAUserEndsTheirSessionsForGoodEvenOnceEnabledAgain() {
        String username = newUser();
        JsonNode login = login(username).json();

        assertThat(api().patch("/admin/users/" + username, "{\"enabled\":false,\"reason\":\"laptop stolen\"}").status()).isEqualTo(200);

        assertRefused(refresh(login.get("refresh_token").asString()), "ended");
        assertThat(api().patch("/admin/users/" + username, "{\"enabled\":true,\"reason\":\"laptop found\"}").status()).isEqualTo(200);
        assertThat(getRuns(login.get("access_token").asString()).status()).as("the old access token").isEqualTo(401);
        assertRefused(refresh(login.get("refresh_token").asString()), "ended");
        assertThat(getRuns(login(username).json().get("access_token").asString()).status()).as("a new login").isEqualTo(200);
        assertThat(recordedEvents.of(SessionRevoked.class)).anySatisfy(event -> {
            assertThat(event.owner().name()).isEqualTo(username);
            assertThat(event.reason()).isEqualTo("laptop stolen");
        });
    }

    @Test
    void refusesAnUnknownRefreshTokenOrGarbageWith401() {
        assertRefused(refresh("ckr_" + UUID.randomUUID()), "unknown");
        assertRefused(refresh("garbage ✓ '; DROP TABLE refresh_tokens;--"), "unknown");
        assertRefused(refresh(login(newUser()).json().get("access_token").asString()), "unknown");
    }

    @Test
    void refusesAnExpiredRefreshTokenWith401() {
        String refresh = login(newUser()).json().get("refresh_token").asString();
        jdbc.sql("UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = ?").param(sha256(refresh)).update();

        assertRefused(refresh(refresh), "expired");
    }

    @Test
    void aRefreshWithoutTheTokenIs400NamingTheField() {
        Response missing = anonymous().post("/auth/refresh", "{}");
        Response blank = anonymous().post("/auth/refresh", "{\"refresh_token\":\" \"}");
        Response notJson = anonymous().post("/auth/refresh", "refresh_token=x");

        for (Response response : List.of(missing, blank, notJson)) {
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("refresh_token");
    }

    @Test
    void refreshesReusesAndRevocationsAreInTheAuditChain() {
        JsonNode login = login(newUser()).json();
        String used = login.get("refresh_token").asString();
        String next = refresh(used).json().get("access_token").asString();
        refresh(used);
        anonymous().withToken(login.get("access_token").asString()).post("/auth/revoke", "");

        audit.integrate();

        String session = claims(next).get("sid").asString();
        assertThat(jdbc.sql("SELECT action FROM audit_entries WHERE details->>'sessionId' = ? ORDER BY seq").param(session)
                .query(String.class).list()).containsSubsequence("token.refreshed", "refresh-token.reused");
    }

    private Response login(String username) {
        Response response = anonymous().post("/auth/token", "{\"username\":\"" + username + "\",\"password\":\"password-" + username + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response;
    }

    private Response refresh(String refreshToken) {
        return anonymous().post("/auth/refresh", "{\"refresh_token\":" + quoted(refreshToken) + "}");
    }

    private Response getRuns(String token) {
        return anonymous().send("GET", "/runs", null, Map.of("Authorization", "Bearer " + token));
    }

    private String newUser() {
        String username = "s-" + UUID.randomUUID().toString().substring(0, 12);
        Response created = api().post("/admin/users", "{\"username\":\"" + username + "\",\"password\":\"password-" + username
                + "\",\"tenant\":\"default\",\"roles\":[\"VIEWER\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return username;
    }

    private static void assertRefused(Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.isProblem()).as(response.body()).isTrue();
        assertThat(response.json().get("detail").asString()).contains(detail);
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static JsonNode claims(String token) {
        return Api.json(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
