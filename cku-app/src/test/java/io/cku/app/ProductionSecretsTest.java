package io.cku.app;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The prod profile holds a retired signing key to the same standard as the current one: it still verifies tokens. */
class ProductionSecretsTest {

    private static final String STRONG = "a-production-grade-secret-of-48-bytes-0123456789";

    @Test
    void refusesAWellKnownOrShortPreviousSecretNamingTheVariableButNotTheSecret() {
        MockEnvironment environment = prod().withProperty("cku.auth.previous-secrets", STRONG + ",changeme,too-short-key");

        assertThatThrownBy(() -> new ProductionSecrets().postProcessEnvironment(environment, null))
                .isInstanceOf(ProductionSecrets.MissingSecret.class)
                .hasMessageContaining("CKU_JWT_PREVIOUS_SECRETS (key 2 of 3) is a well-known default value")
                .hasMessageContaining("CKU_JWT_PREVIOUS_SECRETS (key 3 of 3) must have at least 32 bytes")
                .hasMessageNotContaining("key 1 of 3")
                .hasMessageNotContaining("too-short-key");
    }

    @Test
    void startsWithStrongPreviousSecretsOrNone() {
        assertThatCode(() -> new ProductionSecrets().postProcessEnvironment(prod(), null)).doesNotThrowAnyException();
        assertThatCode(() -> new ProductionSecrets().postProcessEnvironment(prod().withProperty("cku.auth.previous-secrets", ""), null))
                .doesNotThrowAnyException();
        assertThatCode(() -> new ProductionSecrets().postProcessEnvironment(
                prod().withProperty("cku.auth.previous-secrets", STRONG + "-1, " + STRONG + "-2"), null)).doesNotThrowAnyException();
    }

    private static MockEnvironment prod() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("cku.auth.jwt-secret", STRONG)
                .withProperty("cku.auth.admin-password", "the-operators-own-password")
                .withProperty("cku.audit.signing-key", STRONG);
        environment.setActiveProfiles("prod");
        return environment;
    }
}
