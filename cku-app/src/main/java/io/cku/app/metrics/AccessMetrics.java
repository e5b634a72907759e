package io.cku.app.metrics;

import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.cku.auth.SecurityEvent.LoginFailed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Callers the service turned away: {@code cku.auth.failures{reason}} (a refused token, login or refresh token) and
 * {@code cku.rate.limited{scope}} (a 429 from the client-address or the principal bucket). The reasons are a fixed list,
 * registered at start so that a dashboard shows zeros rather than nothing; never a user or a token as a tag.
 */
@Component
public class AccessMetrics {

    /** Every reason {@link #authenticationFailed} counts. */
    public static final List<String> REASONS = List.of("bad-token", "expired", "revoked", "account-disabled", "bad-password", "bad-api-key",
            "bad-refresh-token");

    /** Every scope {@link #rateLimited} counts. */
    public static final List<String> SCOPES = List.of("ip", "principal");

    private final MeterRegistry registry;

    AccessMetrics(MeterRegistry registry) {
        this.registry = registry;
        REASONS.forEach(reason -> failures(reason));
        SCOPES.forEach(scope -> limited(scope));
    }

    /** A request was refused its credentials; {@code reason} is one of {@link #REASONS}. */
    public void authenticationFailed(String reason) {
        if (!REASONS.contains(reason)) {
            throw new IllegalArgumentException("not a counted reason: " + reason);
        }
        failures(reason).increment();
    }

    /** A request was answered 429; {@code scope} is one of {@link #SCOPES}. */
    public void rateLimited(String scope) {
        if (!SCOPES.contains(scope)) {
            throw new IllegalArgumentException("not a counted scope: " + scope);
        }
        limited(scope).increment();
    }

    /** A login refused: a password (however it was wrong: unknown user, wrong password, user disabled) or an API key. */
    @EventListener
    void on(LoginFailed failed) {
        authenticationFailed("api-key".equals(failed.method()) ? "bad-api-key" : "bad-password");
    }

    private Counter failures(String reason) {
        return Counter.builder("cku.auth.failures").description("requests refused their credentials, by reason").tag("reason", reason)
                .register(registry);
    }

    private Counter limited(String scope) {
        return Counter.builder("cku.rate.limited").description("requests answered 429, by the bucket that ran out").tag("scope", scope)
                .register(registry);
    }
}
