package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.cku.app.Api.Response;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tokens an attacker could craft are refused with 401, a Bearer challenge and a problem that names what is wrong. Each
 * forgery changes one thing of a token the service would accept, which {@link #acceptsATokenSignedWithTheServiceKey()} proves.
 */
class JwtAttackTest extends ServiceTest {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final byte[] SECRET = JWT_SECRET.getBytes(StandardCharsets.UTF_8);
    private static final SecretKey KEY = new SecretKeySpec(SECRET, "HmacSHA256");
    private static final String KID = keyId(SECRET);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void acceptsATokenSignedWithTheServiceKey() {
        Response response = getRuns(sign(forged()));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void challengesARequestWithoutAToken() {
        Response response = anonymous().get("/runs");

        assertUnauthorized(response, "Bearer <access token>");
    }

    @Test
    void refusesATokenThatIsNotAJwt() {
        assertUnauthorized(getRuns("not.a.jwt"), "malformed");
    }

    @Test
    void refusesRandomGarbage() {
        assertUnauthorized(getRuns("q8ZyX0-garbage_" + UUID.randomUUID()), "malformed");
    }

    @Test
    void refusesAnUnsignedTokenWithAlgNone() {
        assertUnauthorized(getRuns(unsigned("none")), "not a signed JWT");
    }

    @Test
    void refusesAnUnsignedTokenWithAlgNoneInOtherCases() {
        assertUnauthorized(getRuns(unsigned("None")), "not a signed JWT");
        assertUnauthorized(getRuns(unsigned("NONE")), "not a signed JWT");
    }

    @Test
    void refusesATokenSignedWithAnotherHmacKey() {
        SecretKey other = new SecretKeySpec("another-secret-of-at-least-thirty-two-bytes-987".getBytes(StandardCharsets.UTF_8),
                "HmacSHA256");

        Response response = getRuns(forged().signWith(other, Jwts.SIG.HS256).compact());

        assertUnauthorized(response, "signature does not verify");
    }

    @Test
    void refusesAnRs256TokenCarryingTheServiceKeyId() {
        KeyPair rsa = Jwts.SIG.RS256.keyPair().build();

        Response response = getRuns(forged().signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact());

        assertUnauthorized(response, "must be signed with HS256, not RS256");
    }

    @Test
    void refusesAnHs256TokenWhoseKeyIsAnRsaPublicKey() {
        KeyPair rsa = Jwts.SIG.RS256.keyPair().build();
        SecretKey publicKeyAsSecret = new SecretKeySpec(rsa.getPublic().getEncoded(), "HmacSHA256");

        Response response = getRuns(forged().signWith(publicKeyAsSecret, Jwts.SIG.HS256).compact());

        assertUnauthorized(response, "signature does not verify");
    }

    @Test
    void refusesATokenThatExpiredBeyondTheClockSkew() {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));

        Response response = getRuns(sign(forged().issuedAt(Date.from(hourAgo.minus(Duration.ofMinutes(15)))).expiration(Date.from(hourAgo))));

        assertUnauthorized(response, "expired");
    }

    @Test
    void refusesATokenThatIsNotValidYet() {
        Response response = getRuns(sign(forged().notBefore(Date.from(Instant.now().plus(Duration.ofHours(1))))));

        assertUnauthorized(response, "not valid yet");
    }

    @Test
    void refusesATokenFromAnotherIssuer() {
        assertUnauthorized(getRuns(sign(forged().issuer("evil"))), "'iss' claim");
    }

    @Test
    void refusesATokenForAnotherAudience() {
        assertUnauthorized(getRuns(sign(forged().claim("aud", "other-api"))), "'aud' claim");
    }

    @Test
    void refusesATokenWithoutExpiry() {
        assertUnauthorized(getRuns(sign(forged().expiration(null))), "no 'exp' claim");
    }

    @Test
    void refusesAViewerTokenWhosePayloadWasChangedToAdmin() {
        String genuine = userWith("default", "VIEWER").token();
        String[] parts = genuine.split("\\.");
        ObjectNode claims = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        claims.putArray("roles").add("ADMIN");
        claims.put("sub", "admin");

        Response response = getRuns(parts[0] + "." + BASE64URL.encodeToString(JSON.writeValueAsBytes(claims)) + "." + parts[2]);

        assertUnauthorized(response, "signature does not verify");
    }

    @Test
    void refusesTheTokenOfAUserOnceDisabledAndTheirNextLogin() {
        String username = "u-" + UUID.randomUUID().toString().substring(0, 12);
        String login = "{\"username\":\"" + username + "\",\"password\":\"password-" + username + "\"}";
        assertThat(api().post("/admin/users", "{\"username\":\"" + username + "\",\"password\":\"password-" + username
                + "\",\"tenant\":\"default\",\"roles\":[\"VIEWER\"]}").status()).isEqualTo(201);
        String token = anonymous().post("/auth/token", login).json().get("access_token").asString();
        assertThat(getRuns(token).status()).isEqualTo(200);

        Response disabled = api().patch("/admin/users/" + username, "{\"enabled\":false,\"reason\":\"left the team\"}");

        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertUnauthorized(getRuns(token), "disabled or no longer exists");
        assertUnauthorized(anonymous().post("/auth/token", login), "were not accepted");
    }

    @Test
    void refusesATokenWithAnUnknownKeyId() {
        assertUnauthorized(getRuns(sign(forged().header().keyId("other-key").and())), "key id is unknown");
    }

    @Test
    void refusesATokenWithoutKeyId() {
        assertUnauthorized(getRuns(sign(forged().header().keyId(null).and())), "key id is unknown");
    }

    /** What the service itself would sign for the bootstrap administrator; tests change one thing of it. */
    private static JwtBuilder forged() {
        Instant now = Instant.now();
        return Jwts.builder()
                .header().keyId(KID).and()
                .subject("admin")
                .issuer("cku")
                .audience().add("cku-api").and()
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(Duration.ofMinutes(15))))
                .id(UUID.randomUUID().toString())
                .claim("tenant", "default")
                .claim("kind", "user")
                .claim("roles", List.of("ADMIN"));
    }

    private static String sign(JwtBuilder token) {
        return token.signWith(KEY, Jwts.SIG.HS256).compact();
    }

    /** jjwt will not build these, so by hand: the genuine claims, the given alg, no signature. */
    private static String unsigned(String algorithm) {
        String[] genuine = sign(forged()).split("\\.");
        String header = "{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\"}";
        return BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + genuine[1] + ".";
    }

    private Response getRuns(String token) {
        return anonymous().send("GET", "/runs", null, Map.of("Authorization", "Bearer " + token));
    }

    private static void assertUnauthorized(Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.isProblem()).as(response.body()).isTrue();
        assertThat(response.header("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
        assertThat(response.json().path("detail").asString()).contains(detail);
    }

    private static String keyId(byte[] secret) {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(secret)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
