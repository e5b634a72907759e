package io.cku.skillengine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code cku.skills.*} as the service binds it at startup. */
class SkillPropertiesBindingTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Bound.class)
            .withPropertyValues("cku.skills.workspace=/tmp/cku-binding-test-workspace");

    @Test
    void bindsTheAllowedNetworksFromCidrs() {
        context.withPropertyValues("cku.skills.http.allowed-networks=10.20.0.0/16, fd00::/8 ,192.168.7.7").run(started ->
                assertThat(started.getBean(SkillProperties.class).http().allowedNetworks()).containsExactly(
                        Network.of("10.20.0.0/16"), Network.of("fd00::/8"), Network.of("192.168.7.7/32")));
    }

    @Test
    void allowsNoNetworkUnlessConfigured() {
        context.run(started -> assertThat(started.getBean(SkillProperties.class).http().allowedNetworks()).isEmpty());
    }

    @Test
    void aBadCidrFailsTheStartNamingTheProperty() {
        for (String bad : List.of("10.0.0.0/33", "internal.example/8", "010.0.0.0/8", "10.0.0/8", "::1/129")) {
            context.withPropertyValues("cku.skills.http.allowed-networks=127.0.0.0/8," + bad).run(started -> {
                assertThat(started).hasFailed();
                assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("not a network in CIDR notation")
                        .hasMessageContaining(bad);
                assertThat(started.getStartupFailure()).hasStackTraceContaining(
                        "Failed to bind properties under 'cku.skills.http.allowed-networks");
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SkillProperties.class)
    static class Bound {
    }
}
