package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cku.app.Api.Response;
import io.cku.auth.SecurityEvent;
import io.cku.auth.SecurityEvent.LoginFailed;
import io.cku.auth.SecurityEvent.LoginSucceeded;
import io.cku.auth.SecurityEvent.ServiceAccountCreated;
import io.cku.auth.SecurityEvent.ServiceAccountRevoked;
import io.cku.auth.SecurityEvent.TokenIssued;
import io.cku.auth.SecurityEvent.UserChanged;
import io.cku.auth.SecurityEvent.UserCreated;
import tools.jackson.databind.JsonNode;

/** Logging in, users and service accounts, as an administrator and a CI job would use them. */
class IdentityAdministrationTest extends ServiceTest {

    @Test
    void aLoginAnswersABearerTokenThatExpiresIn15Minutes() {
        Response response = anonymous().post("/auth/token", "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("token_type").asString()).isEqualTo("Bearer");
        assertThat(response.json().get("expires_in").asInt()).isEqualTo(900);
        assertThat(response.header("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("no-store"));
        JsonNode claims = claims(response.json().get("access_token").asString());
        assertThat(claims.get("sub").asString()).isEqualTo("admin");
        assertThat(claims.get("tenant").asString()).isEqualTo("default");
        assertThat(claims.get("iss").asString()).isEqualTo("cku");
        assertThat(claims.get("aud").toString()).contains("cku-api");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
        assertThat(claims.hasNonNull("jti")).isTrue();
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameRefusalAndAreRecorded() {
        Response wrong = anonymous().post("/auth/token", "{\"username\":\"admin\",\"password\":\"not-the-password\"}");
        Response unknown = anonymous().post("/auth/token", "{\"username\":\"ghost\",\"password\":\"not-the-password\"}");

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.isProblem()).isTrue();
        assertThat(wrong.json().get("detail")).isEqualTo(unknown.json().get("detail"));
        assertThat(recordedEvents.of(LoginFailed.class)).extracting(LoginFailed::reason).contains("wrong password", "unknown user");
    }

    @Test
    void anAdministratorCreatesAUserWhoCanLogInAndIsListed() {
        String name = "dev-" + UUID.randomUUID().toString().substring(0, 8);

        Response created = api().post("/admin/users", """
                {"username":"%s","password":"a-long-password-1","roles":["OPERATOR"],"reason":"joins the release team"}"""
                .formatted(name));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.location()).hasValue("/admin/users/" + name);
        assertThat(created.body()).doesNotContain("a-long-password-1").doesNotContain("bcrypt");
        assertThat(anonymous().login(name, "a-long-password-1").submit(Api.noopRun(1))).isNotBlank();
        assertThat(api().get("/admin/users").json().valueStream().map(u -> u.get("username").asString())).contains(name);
        String hash = jdbc.sql("SELECT password_hash FROM users WHERE username = ?").param(name).query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}$2");
        UserCreated event = last(UserCreated.class);
        assertThat(event.actor().name()).isEqualTo("admin");
        assertThat(event.reason()).isEqualTo("joins the release team");
    }

    @Test
    void refusesWeakOrMalformedUsersNamingEachField() {
        Response response = api().post("/admin/users", """
                {"username":"Bad Name!","password":"short","roles":["GOD"],"tenant":"No_Such"}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .contains("username", "password", "roles", "tenant");
    }

    @Test
    void aRoleChangeAppliesToTokensAlreadyIssued() {
        Api viewer = userWith("default", "VIEWER");
        String name = claims(viewer.token()).get("sub").asString();
        assertThat(viewer.post("/runs", Api.noopRun(1)).status()).isEqualTo(403);

        Response changed = api().patch("/admin/users/" + name, "{\"roles\":[\"OPERATOR\"],\"reason\":\"on call this week\"}");

        assertThat(changed.status()).isEqualTo(200);
        assertThat(viewer.post("/runs", Api.noopRun(1)).status()).isEqualTo(202);
        assertThat(last(UserChanged.class).reason()).isEqualTo("on call this week");
    }

    @Test
    void aDisabledUsersTokensStopWorkingAtOnce() {
        Api user = userWith("default", "OPERATOR");
        String name = claims(user.token()).get("sub").asString();

        api().patch("/admin/users/" + name, "{\"enabled\":false}");

        assertThat(user.get("/runs").status()).isEqualTo(401);
        assertThat(anonymous().post("/auth/token", "{\"username\":\"" + name + "\",\"password\":\"password-" + name + "\"}").status())
                .isEqualTo(401);
    }

    @Test
    void administratorsCannotLockThemselvesOut() {
        Response disableSelf = api().patch("/admin/users/admin", "{\"enabled\":false}");
        Response demoteSelf = api().patch("/admin/users/admin", "{\"roles\":[\"VIEWER\"]}");

        assertThat(disableSelf.status()).isEqualTo(400);
        assertThat(demoteSelf.status()).isEqualTo(400);
        assertThat(api().get("/runs").status()).isEqualTo(200);
    }

    @Test
    void aServiceAccountKeyIsShownOnceStoredHashedAndExchangedForAToken() {
        Response created = api().post("/admin/service-accounts", "{\"name\":\"ci-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"roles\":[\"OPERATOR\"],\"reason\":\"release pipeline\"}");
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().get("apiKey").asString();
        String id = created.json().get("id").asString();

        Response exchanged = anonymous().post("/auth/token", "{\"apiKey\":\"" + key + "\"}");
        Api ci = anonymous().withToken(exchanged.json().get("access_token").asString());

        assertThat(key).startsWith("cku_").hasSizeGreaterThan(40);
        assertThat(exchanged.status()).isEqualTo(200);
        assertThat(ci.submit(Api.noopRun(1))).isNotBlank();
        assertThat(ci.get("/admin/users").status()).isEqualTo(403);
        assertThat(api().get("/admin/service-accounts").body()).contains(id).doesNotContain(key).doesNotContain("apiKey");
        assertThat(jdbc.sql("SELECT count(*) FROM service_accounts WHERE key_hash LIKE ?").param("%" + key.substring(4, 20) + "%")
                .query(Long.class).single()).isZero();
        assertThat(last(ServiceAccountCreated.class).reason()).isEqualTo("release pipeline");
        assertThat(last(LoginSucceeded.class).method()).isEqualTo("api-key");
    }

    @Test
    void aRevokedServiceAccountLosesItsKeyAndItsTokensAtOnce() {
        Response created = api().post("/admin/service-accounts", "{\"name\":\"old-ci\",\"tenant\":\"revocation\",\"roles\":[\"VIEWER\"]}");
        String key = created.json().get("apiKey").asString();
        Api ci = anonymous().withToken(anonymous().post("/auth/token", "{\"apiKey\":\"" + key + "\"}").json().get("access_token").asString());
        assertThat(ci.get("/runs").status()).isEqualTo(200);

        Response revoked = api().delete("/admin/service-accounts/" + created.json().get("id").asString() + "?reason=leaked");

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().hasNonNull("revokedAt")).isTrue();
        assertThat(ci.get("/runs").status()).isEqualTo(401);
        assertThat(anonymous().post("/auth/token", "{\"apiKey\":\"" + key + "\"}").status()).isEqualTo(401);
        assertThat(last(ServiceAccountRevoked.class).reason()).isEqualTo("leaked");
    }

    @Test
    void everyIssuedTokenIsPublishedWithItsActor() {
        int before = recordedEvents.of(TokenIssued.class).size();

        anonymous().login("admin", ADMIN_PASSWORD);

        List<TokenIssued> issued = recordedEvents.of(TokenIssued.class);
        assertThat(issued).hasSizeGreaterThan(before);
        assertThat(issued.get(issued.size() - 1).actor().qualifiedName()).isEqualTo("user:admin");
    }

    private <T extends SecurityEvent> T last(Class<T> type) {
        List<T> events = recordedEvents.of(type);
        assertThat(events).isNotEmpty();
        return events.get(events.size() - 1);
    }

    private static JsonNode claims(String token) {
        return Api.json(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1])));
    }
}
