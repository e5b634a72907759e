package io.cku.governance.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;

import io.cku.governance.freeze.FreezeProperties.FreezeWindow;
import io.cku.governance.freeze.FreezeProperties.Weekly;

class FreezePropertiesTest {

    private static final Instant START = Instant.parse("2025-12-20T00:00:00Z");
    private static final Instant END = Instant.parse("2025-12-27T00:00:00Z");

    private static final String YAML = """
            cku:
              governance:
                freezes:
                  tenants:
                    acme:
                      - name: year-end
                        environments: [prod]
                        start: 2025-12-20T00:00:00Z
                        end: 2026-01-05T00:00:00Z
                        on-freeze: REJECT
                    "[*]":
                      - name: weekend
                        weekly:
                          days: [FRIDAY, SATURDAY]
                          from: "16:00"
                          to: "16:00"
                      - name: sunday-night
                        weekly:
                          days: [SUNDAY]
                          from: "16:00"
                          to: "08:00"
            """;

    @Test
    void bindsTenantsWindowsFromYamlIncludingTheStarTenant() throws IOException {
        FreezeProperties properties = bind(YAML);

        assertThat(properties.tenants()).containsOnlyKeys("acme", "*");
        assertThat(properties.tenants().get("acme")).containsExactly(new FreezeWindow("year-end", List.of("prod"),
                Instant.parse("2025-12-20T00:00:00Z"), Instant.parse("2026-01-05T00:00:00Z"), null, FreezeAction.REJECT));
        assertThat(properties.tenants().get("*")).extracting(FreezeWindow::name).containsExactly("weekend", "sunday-night");
        assertThat(properties.tenants().get("*").get(1).weekly()).isEqualTo(new Weekly(List.of("SUNDAY"), "16:00", "08:00"));
    }

    @Test
    void pausesWhenOnFreezeIsNotSetAndFreezesAllEnvironmentsWhenNoneAreListed() {
        FreezeWindow window = new FreezeWindow("year-end", null, START, END, null, null);

        assertThat(window.onFreeze()).isEqualTo(FreezeAction.PAUSE);
        assertThat(window.environments()).isEmpty();
    }

    @Test
    void readsDayNamesIgnoringCase() {
        FreezeWindow window = weekly(new Weekly(List.of("friday", "Sunday"), "16:00", "08:00"));

        assertThat(new FreezeProperties(Map.of("acme", List.of(window))).tenants().get("acme")).containsExactly(window);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badWindows")
    void refusesABadWindowNamingItsProperty(FreezeWindow window, String message) {
        assertThatThrownBy(() -> new FreezeProperties(Map.of("acme", List.of(fine(), window))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void namesTheStarTenantInBrackets() {
        FreezeWindow nameless = new FreezeWindow(" ", List.of(), START, END, null, null);

        assertThatThrownBy(() -> new FreezeProperties(Map.of("*", List.of(nameless))))
                .hasMessage("cku.governance.freezes.tenants[*][0].name is required");
    }

    static Stream<Arguments> badWindows() {
        String at = "cku.governance.freezes.tenants.acme[1]";
        return Stream.of(
                Arguments.of(new FreezeWindow(null, List.of(), START, END, null, null), at + ".name is required"),
                Arguments.of(new FreezeWindow("x", List.of("prod", ""), START, END, null, null),
                        at + ".environments[1] must not be blank"),
                Arguments.of(new FreezeWindow("x", List.of(), null, null, null, null),
                        at + " must set either start and end (a fixed interval) or weekly (a recurring one), was neither"),
                Arguments.of(new FreezeWindow("x", List.of(), START, END, new Weekly(List.of("FRIDAY"), "16:00", "08:00"), null),
                        at + " must set either start and end (a fixed interval) or weekly (a recurring one), not both"),
                Arguments.of(new FreezeWindow("x", List.of(), START, null, null, null),
                        at + ".end is required for a fixed interval"),
                Arguments.of(new FreezeWindow("x", List.of(), null, END, null, null),
                        at + ".start is required for a fixed interval"),
                Arguments.of(new FreezeWindow("x", List.of(), END, START, null, null), at + ".end must be after start"),
                Arguments.of(new FreezeWindow("x", List.of(), START, START, null, null), at + ".end must be after start"),
                Arguments.of(weekly(new Weekly(null, "16:00", "08:00")),
                        at + ".weekly.days must list at least one day of the week"),
                Arguments.of(weekly(new Weekly(List.of("FRIDAY", "FUNDAY"), "16:00", "08:00")),
                        at + ".weekly.days[1] must be a day of the week such as FRIDAY, was \"FUNDAY\""),
                Arguments.of(weekly(new Weekly(List.of("FRIDAY"), null, "08:00")),
                        at + ".weekly.from is required, as HH:mm in UTC"),
                Arguments.of(weekly(new Weekly(List.of("FRIDAY"), "16:00", null)),
                        at + ".weekly.to is required, as HH:mm in UTC"),
                Arguments.of(weekly(new Weekly(List.of("FRIDAY"), "24:00", "08:00")),
                        at + ".weekly.from must be a time as HH:mm in UTC, was \"24:00\""),
                Arguments.of(weekly(new Weekly(List.of("FRIDAY"), "16:00", "8am")),
                        at + ".weekly.to must be a time as HH:mm in UTC, was \"8am\""),
                Arguments.of(weekly(new Weekly(List.of("FRIDAY"), "16:00", "08:00:30")),
                        at + ".weekly.to must be a time as HH:mm in UTC, was \"08:00:30\""));
    }

    private static FreezeWindow fine() {
        return new FreezeWindow("fine", List.of(), START, END, null, null);
    }

    private static FreezeWindow weekly(Weekly weekly) {
        return new FreezeWindow("x", List.of(), null, null, weekly, null);
    }

    private static FreezeProperties bind(String yaml) throws IOException {
        var sources = new YamlPropertySourceLoader().load("freezes", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("cku.governance.freezes", FreezeProperties.class);
    }
}
