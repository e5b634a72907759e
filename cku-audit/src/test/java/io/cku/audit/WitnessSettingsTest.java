package io.cku.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code cku.audit.witness.*} as the application binds it: defaults, and a start refused with the property named. */
class WitnessSettingsTest {

    @Test
    void defaultsToNoWitnessesAndTheDocumentedTimings() {
        AuditProperties.Witness witness = bind(Map.of()).witness();

        assertThat(witness.urls()).isEmpty();
        assertThat(witness.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(witness.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(witness.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(witness.checkInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void bindsAListOfHttpAndHttpsUrls() {
        AuditProperties.Witness witness = bind(Map.of(
                "cku.audit.witness.urls[0]", "https://witness.example/add-checkpoint",
                "cku.audit.witness.urls[1]", "http://127.0.0.1:8081/add-checkpoint?log=cku")).witness();

        assertThat(witness.urls()).containsExactly(URI.create("https://witness.example/add-checkpoint"),
                URI.create("http://127.0.0.1:8081/add-checkpoint?log=cku"));
    }

    @Test
    void refusesAUrlThatIsNotAbsoluteHttpNamingItsIndex() {
        assertRefused(Map.of("cku.audit.witness.urls[0]", "https://a.example/", "cku.audit.witness.urls[1]", "ftp://b.example/"),
                "cku.audit.witness.urls[1] must be an absolute http or https URL", "ftp://b.example/");
        assertRefused(Map.of("cku.audit.witness.urls[0]", "/add-checkpoint"), "cku.audit.witness.urls[0] must be an absolute");
        assertRefused(Map.of("cku.audit.witness.urls[0]", "http:opaque"), "cku.audit.witness.urls[0] must be an absolute");
    }

    @Test
    void refusesCredentialsInAUrlSinceUrlsAreLoggedAndShown() {
        assertRefused(Map.of("cku.audit.witness.urls[0]", "https://user:secret@witness.example/"),
                "cku.audit.witness.urls[0] must not hold user information");
    }

    @Test
    void refusesBackoffsAndTimeoutsThatCannotWork() {
        assertRefused(Map.of("cku.audit.witness.initial-backoff", "0s"), "cku.audit.witness.initial-backoff must be positive");
        assertRefused(Map.of("cku.audit.witness.timeout", "-1s"), "cku.audit.witness.timeout must be positive");
        assertRefused(Map.of("cku.audit.witness.check-interval", "0ms"), "cku.audit.witness.check-interval must be positive");
        assertRefused(Map.of("cku.audit.witness.initial-backoff", "10s", "cku.audit.witness.max-backoff", "5s"),
                "cku.audit.witness.max-backoff must not be shorter than initial-backoff");
        assertRefused(Map.of("cku.audit.witness.max-backoff", "2d"), "cku.audit.witness.max-backoff must be at most PT24H");
    }

    private static AuditProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("cku.audit", AuditProperties.class);
    }

    private static void assertRefused(Map<String, String> properties, String... messageParts) {
        assertThatThrownBy(() -> bind(properties))
                .isInstanceOf(BindException.class)
                .rootCause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(messageParts);
    }
}
