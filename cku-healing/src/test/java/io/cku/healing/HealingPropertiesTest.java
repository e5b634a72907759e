package io.cku.healing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.cku.healing.HealingProperties.Circuit;
import io.cku.healing.HealingProperties.Shell;
import io.cku.shared.api.RetrySpec;

class HealingPropertiesTest {

    @Test
    void fillsEveryDefault() {
        HealingProperties properties = new HealingProperties(null, null, null, null, null, null, null, null);

        assertThat(properties.defaultPolicy()).isEqualTo(new RetryPolicy(3, 1000, 2.0, 60_000, 0.2, 600_000, List.of()));
        assertThat(properties.defaults()).isEqualTo(RetrySpec.of(3, 1000L, 2.0, 60_000L, 0.2, 600_000L, List.of()));
        assertThat(properties.modes()).isEmpty();
        assertThat(properties.skills()).isEmpty();
        assertThat(properties.decisionModes()).containsExactly("prod");
        assertThat(properties.transientErrorTypes())
                .containsExactly("connect", "connection", "timeout", "http-429", "http-502", "http-503", "http-504");
        assertThat(properties.retrySafeErrorTypes()).containsExactly("connect", "circuit-open", "http-429", "http-503");
        assertThat(properties.shell().transientExitCodes()).containsExactly(75);
        assertThat(properties.circuit()).isEqualTo(new Circuit(5, Duration.ofSeconds(30)));
    }

    @Test
    void fillsTheMissingFieldsOfGivenDefaults() {
        HealingProperties properties = new HealingProperties(RetrySpec.of(5, 120_000L, null, null, null, null, List.of("auth")),
                null, null, null, null, null, null, null);

        // the raised initial interval raises the cap with it
        assertThat(properties.defaultPolicy())
                .isEqualTo(new RetryPolicy(5, 120_000, 2.0, 120_000, 0.2, 600_000, List.of("auth")));
    }

    @Test
    void aBadRetryValueNamesItsProperty() {
        assertThatThrownBy(() -> new HealingProperties(null,
                Map.of("prod", RetrySpec.of(0, null, null, null, null, null, null)), null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cku.healing.modes.prod.maxAttempts must be within 1..100, was 0");
        assertThatThrownBy(() -> new HealingProperties(RetrySpec.of(null, null, null, null, 2.0, null, null),
                null, null, null, null, null, null, null))
                .hasMessage("cku.healing.defaults.jitter must be within 0.0..1.0, was 2.0");
        assertThatThrownBy(() -> new HealingProperties(null, null,
                Map.of("http", RetrySpec.of(null, null, null, null, null, 0L, null)), null, null, null, null, null))
                .hasMessage("cku.healing.skills.http.maxElapsedMs must be within 1..604800000, was 0");
    }

    @Test
    void aModeAndSkillThatContradictEachOtherFailTheStart() {
        assertThatThrownBy(() -> new HealingProperties(null,
                Map.of("prod", RetrySpec.of(null, 8000L, null, null, null, null, null)),
                Map.of("http", RetrySpec.of(null, null, null, 5000L, null, null, null)), null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cku.healing.skills.http (in mode prod): ")
                .hasMessageContaining("maxIntervalMs must be at least initialIntervalMs (8000), was 5000");
    }

    @Test
    void refusesUnknownModes() {
        assertThatThrownBy(() -> new HealingProperties(null, null, null, List.of("prod", "production"), null, null, null, null))
                .hasMessage("cku.healing.decisionModes must name modes among [dev, staging, prod], had 'production'");
        assertThatThrownBy(() -> new HealingProperties(null, Map.of("qa", RetrySpec.of(2, null, null, null, null, null, null)),
                null, null, null, null, null, null))
                .hasMessage("cku.healing.modes must name modes among [dev, staging, prod], had 'qa'");
    }

    @Test
    void refusesABadCircuitOrShellOrErrorType() {
        assertThatThrownBy(() -> new Circuit(0, null))
                .hasMessage("cku.healing.circuit.failureThreshold must be within 1..1000, was 0");
        assertThatThrownBy(() -> new Circuit(null, Duration.ZERO))
                .hasMessage("cku.healing.circuit.coolDown must be positive, was PT0S");
        assertThatThrownBy(() -> new Shell(List.of(75, 300)))
                .hasMessage("cku.healing.shell.transientExitCodes entries must be within 0..255, was 300");
        assertThatThrownBy(() -> new HealingProperties(null, null, null, null, List.of("timeout", " "), null, null, null))
                .hasMessage("cku.healing.transientErrorTypes entries must not be blank, were at [1]");
    }

    @Test
    void bindsFromKebabCaseProperties() {
        Map<String, String> source = Map.of(
                "cku.healing.defaults.max-attempts", "4",
                "cku.healing.modes.prod.initial-interval-ms", "2000",
                "cku.healing.skills.shell.non-retryable-error-types", "exit-2,exit-126",
                "cku.healing.decision-modes", "staging,prod",
                "cku.healing.shell.transient-exit-codes", "75,111",
                "cku.healing.circuit.cool-down", "10s");

        HealingProperties properties = new Binder(new MapConfigurationPropertySource(source))
                .bind("cku.healing", HealingProperties.class).get();

        assertThat(properties.defaultPolicy().maxAttempts()).isEqualTo(4);
        assertThat(properties.modes().get("prod").initialIntervalMs()).isEqualTo(2000L);
        assertThat(properties.skills().get("shell").nonRetryableErrorTypes()).containsExactly("exit-2", "exit-126");
        assertThat(properties.decisionModes()).containsExactly("staging", "prod");
        assertThat(properties.shell().transientExitCodes()).containsExactly(75, 111);
        assertThat(properties.circuit()).isEqualTo(new Circuit(5, Duration.ofSeconds(10)));
    }

    @Test
    void aBadBoundValueFailsNamingTheProperty() {
        Map<String, String> source = Map.of("cku.healing.modes.staging.backoff-coefficient", "20");

        assertThatThrownBy(() -> new Binder(new MapConfigurationPropertySource(source)).bind("cku.healing", HealingProperties.class))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("cku.healing.modes.staging.backoffCoefficient must be within 1.0..10.0, was 20.0");
    }
}
