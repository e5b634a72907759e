package io.cku.app;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * In the {@code prod} profile, refuses to start without real secrets: a missing, short or well-known {@code CKU_JWT_SECRET},
 * {@code CKU_ADMIN_PASSWORD} or {@code CKU_AUDIT_SIGNING_KEY}, or a short or well-known key in {@code CKU_JWT_PREVIOUS_SECRETS}
 * (a retired key still verifies tokens, so it must be as strong as the current one), stops the service before it opens a port
 * or touches the database.
 */
class ProductionSecrets implements EnvironmentPostProcessor, Ordered {

    private static final Set<String> WELL_KNOWN = Set.of("admin", "password", "changeme", "change-me", "secret", "cku", "default",
            "admin123", "password123", "changeit");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.acceptsProfiles(Profiles.of("prod"))) {
            return;
        }
        List<String> problems = new ArrayList<>();
        check(problems, "CKU_JWT_SECRET", environment.getProperty("cku.auth.jwt-secret", ""), 32);
        checkPrevious(problems, Binder.get(environment).bind("cku.auth.previous-secrets", Bindable.listOf(String.class)).orElse(List.of()));
        check(problems, "CKU_ADMIN_PASSWORD", environment.getProperty("cku.auth.admin-password", ""), 12);
        check(problems, "CKU_AUDIT_SIGNING_KEY", environment.getProperty("cku.audit.signing-key", ""), 32);
        if (!problems.isEmpty()) {
            throw new MissingSecret(problems);
        }
    }

    /** Every retired key must pass as a current one would; none is required. The message counts keys, never shows one. */
    private static void checkPrevious(List<String> problems, List<String> secrets) {
        List<String> given = secrets.stream().filter(secret -> !secret.isBlank()).toList();
        for (int i = 0; i < given.size(); i++) {
            check(problems, "CKU_JWT_PREVIOUS_SECRETS (key " + (i + 1) + " of " + given.size() + ")", given.get(i), 32);
        }
    }

    private static void check(List<String> problems, String variable, String value, int minBytes) {
        if (value.isBlank()) {
            problems.add(variable + " is not set; the prod profile does not start without it");
        } else if (WELL_KNOWN.contains(value.trim().toLowerCase())) {
            problems.add(variable + " is a well-known default value; choose a secret one");
        } else if (value.getBytes(StandardCharsets.UTF_8).length < minBytes) {
            problems.add(variable + " must have at least " + minBytes + " bytes");
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The prod profile was started without the secrets it needs; the message names each missing variable. */
    static class MissingSecret extends IllegalStateException {

        MissingSecret(List<String> problems) {
            super("Refusing to start in the prod profile: " + String.join("; ", problems));
        }
    }
}
