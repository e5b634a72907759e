package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * {@code cku.api-docs.enabled} is the one switch: application.yml hands it to springdoc's description and swagger-ui alike.
 * (The packaged jar with the switch off is started in StartupSecretsIT.)
 */
class ApiDocsSwitchTest {

    @Test
    void bothAreOnByDefault() throws IOException {
        StandardEnvironment environment = environment(Map.of());

        assertThat(environment.getProperty("springdoc.api-docs.enabled", Boolean.class)).isTrue();
        assertThat(environment.getProperty("springdoc.swagger-ui.enabled", Boolean.class)).isTrue();
    }

    @Test
    void switchingTheDescriptionOffSwitchesOffSwaggerUiToo() throws IOException {
        StandardEnvironment environment = environment(Map.of("cku.api-docs.enabled", "false"));

        assertThat(environment.getProperty("springdoc.api-docs.enabled", Boolean.class)).isFalse();
        assertThat(environment.getProperty("springdoc.swagger-ui.enabled", Boolean.class)).isFalse();
    }

    private static StandardEnvironment environment(Map<String, Object> overrides) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("overrides", overrides));
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addLast);
        return environment;
    }
}
