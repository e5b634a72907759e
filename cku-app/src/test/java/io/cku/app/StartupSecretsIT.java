package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cku.shared.audit.CheckpointSigner;

/**
 * Starts the packaged jar as an operator would: the prod profile refuses to start without real secrets, naming each missing
 * variable; the default profile generates what is missing, prints the admin password once, and keeps the signing key. (Also
 * the one start with the API description switched off, which the shared test context cannot show.)
 */
class StartupSecretsIT {

    private static final String JWT_SECRET = "a-production-grade-secret-of-48-bytes-0123456789";
    private static final String NEXT_JWT_SECRET = "the-next-production-grade-secret-of-53-bytes-01234567";
    private static final Pattern GENERATED = Pattern.compile("generated password: (\\S+)");

    private PackagedService service;
    private Path dataDir;
    private Path log;

    @BeforeEach
    void freshDataDirectory() throws IOException {
        service = new PackagedService("secrets");
        dataDir = service.dataDir();
        log = service.log();
    }

    @AfterEach
    void stop() throws InterruptedException {
        service.close();
    }

    @Test
    void prodRefusesToStartWithoutTheJwtSecretAndAdminPasswordNamingBoth() throws Exception {
        int exit = startAndAwaitExit(Map.of(), "--spring.profiles.active=prod");

        String output = Files.readString(log);
        assertThat(exit).isNotZero();
        assertThat(output).contains("CKU_JWT_SECRET is not set").contains("CKU_ADMIN_PASSWORD is not set")
                .contains("CKU_AUDIT_SIGNING_KEY is not set")
                .contains("APPLICATION FAILED TO START").doesNotContain("Started CkuApplication");
        assertThat(Files.exists(dataDir.resolve("postgres"))).as("nothing was started").isFalse();
    }

    @Test
    void prodRefusesAWellKnownAdminPasswordAndAShortSecret() throws Exception {
        int exit = startAndAwaitExit(Map.of("CKU_JWT_SECRET", "too-short", "CKU_ADMIN_PASSWORD", "changeme"),
                "--spring.profiles.active=prod");

        String output = Files.readString(log);
        assertThat(exit).isNotZero();
        assertThat(output).contains("CKU_JWT_SECRET must have at least 32 bytes")
                .contains("CKU_ADMIN_PASSWORD is a well-known default value");
    }

    @Test
    void prodStartsWithRealSecretsAndTheAdminLogsInWithTheGivenPassword() throws Exception {
        String auditKey = io.cku.shared.audit.CheckpointSigner.encodePrivateKey(io.cku.shared.audit.CheckpointSigner.generateKeyPair().getPrivate());
        start(Map.of("CKU_JWT_SECRET", JWT_SECRET, "CKU_ADMIN_PASSWORD", "the-operators-own-password", "CKU_AUDIT_SIGNING_KEY", auditKey),
                "--spring.profiles.active=prod");

        Api admin = api().login("admin", "the-operators-own-password");

        assertThat(admin.get("/runs").status()).isEqualTo(200);
        assertThat(Files.exists(dataDir.resolve("jwt-secret"))).as("prod never writes a generated key").isFalse();
        assertThat(Files.exists(dataDir.resolve("audit-signing-key"))).isFalse();
    }

    @Test
    void theDefaultProfilePrintsAGeneratedAdminPasswordOnceAndKeepsTheSigningKey() throws Exception {
        start(Map.of());
        String password = generatedPassword(Files.readString(log)).orElseThrow();
        String token = api().login("admin", password).token();
        stop();

        start(Map.of());

        assertThat(GENERATED.matcher(Files.readString(log)).results().count()).as("printed once over two starts").isEqualTo(1);
        assertThat(api().withToken(token).get("/runs").status()).as("a token from before the restart").isEqualTo(200);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("jwt-secret")))).isEqualTo("rw-------");
    }

    @Test
    void switchingTheApiDescriptionOffHidesItAndSwaggerUiLikeAnyUnknownPath() throws Exception {
        // no scheduled checkpoint either: a log of two entries (the login) and no checkpoint yet is signed at the next check
        start(Map.of("CKU_ADMIN_PASSWORD", "the-operators-own-password"), "--cku.api-docs.enabled=false",
                "--cku.audit.checkpoint-check-interval=1h");
        Api admin = api().login("admin", "the-operators-own-password");

        for (String path : List.of("/v3/api-docs", "/v3/api-docs/swagger-config", "/swagger-ui.html", "/swagger-ui/index.html")) {
            Api.Response anonymous = api().get(path);
            Api.Response authenticated = admin.get(path);

            assertThat(anonymous.status()).as("%s without a token", path).isEqualTo(401);
            assertThat(authenticated.status()).as("%s as admin", path).isEqualTo(404);
            assertThat(authenticated.isProblem()).as("%s as admin: %s", path, authenticated.body()).isTrue();
        }
        assertThat(admin.get("/runs").status()).isEqualTo(200);
        Api.Response noCheckpointYet = admin.get("/audit/checkpoints/latest");
        assertThat(noCheckpointYet.status()).as("a fresh log has signed nothing yet").isEqualTo(404);
        assertThat(noCheckpointYet.isProblem()).as("also a text/plain route refuses with a problem").isTrue();
    }

    @Test
    void aTokenSignedWithARetiredKeyIsAcceptedWhileThatKeyIsAPreviousSecretAndRefusedAfter() throws Exception {
        Map<String, String> admin = Map.of("CKU_ADMIN_PASSWORD", "the-operators-own-password");
        start(with(admin, "CKU_JWT_SECRET", JWT_SECRET));
        String beforeRotation = api().login("admin", "the-operators-own-password").token();
        stop();

        start(with(with(admin, "CKU_JWT_SECRET", NEXT_JWT_SECRET), "CKU_JWT_PREVIOUS_SECRETS", JWT_SECRET));
        assertThat(api().withToken(beforeRotation).get("/runs").status()).as("verified with the previous key").isEqualTo(200);
        String afterRotation = api().login("admin", "the-operators-own-password").token();
        stop();

        start(with(admin, "CKU_JWT_SECRET", NEXT_JWT_SECRET));
        Api.Response refused = api().withToken(beforeRotation).get("/runs");
        assertThat(refused.status()).as("the retired key dropped").isEqualTo(401);
        assertThat(refused.json().get("detail").asString()).contains("key id is unknown");
        assertThat(api().withToken(afterRotation).get("/runs").status()).as("signed with the current key").isEqualTo(200);
    }

    private static Map<String, String> with(Map<String, String> environment, String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(environment);
        more.put(name, value);
        return more;
    }

    private static java.util.Optional<String> generatedPassword(String output) {
        Matcher matcher = GENERATED.matcher(output);
        return matcher.find() ? java.util.Optional.of(matcher.group(1)) : java.util.Optional.empty();
    }

    private int startAndAwaitExit(Map<String, String> environment, String... arguments) throws Exception {
        service.launch(environment, arguments);
        assertThat(service.process().waitFor(60, TimeUnit.SECONDS)).as("the service gives up at once").isTrue();
        return service.process().exitValue();
    }

    private void start(Map<String, String> environment, String... arguments) throws IOException {
        service.start(environment, arguments);
    }

    private Api api() {
        return service.anonymous();
    }
}
