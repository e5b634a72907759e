package io.cku.skillengine.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.sun.net.httpserver.HttpServer;

import io.cku.shared.FailureClass;
import io.cku.skillengine.SkillContext;
import io.cku.skillengine.SkillResult;

/**
 * The http skill against a real server on 127.0.0.1: every spelling of a loopback address, and a name that resolves to
 * one, is refused before anything is sent, unless the operator allows the network.
 */
class HttpSkillDestinationTest {

    private static final String LOOPBACK_REFUSED = "refused 127.0.0.1: loopback (cku.skills.http.allowed-networks)";

    @TempDir
    Path workspace;

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<HttpSkill> skills = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private int port;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("Host"));
            byte[] body = "inside".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        skills.forEach(HttpSkill::close);
        server.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "2130706433", "0x7f.1", "0177.0.0.1", "[::ffff:127.0.0.1]", "127.1", "127.0.0.1.",
            "0x7f000001", "0x7F.0.0.01"})
    void everySpellingOfLoopbackIsRefusedByDefaultBeforeAnythingIsSent(String host) throws Exception {
        HttpSkill skill = skill();
        String url = "http://" + host + ":" + port + "/ok";

        assertThat(skill.validate(Map.of("url", url))).containsExactly("params.url: " + LOOPBACK_REFUSED);
        // the engine validates at execution and lets the skill name the failure of a refused address
        assertThat(Engines.of(skill, workspace).execute("http", context(url))).isEqualTo(SkillResult.failed("refused-destination",
                FailureClass.PERMANENT, LOOPBACK_REFUSED));
        assertThat(received).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::1]", "[::127.0.0.1]", "[0:0:0:0:0:0:0:1]"})
    void ipv6LoopbackFormsAreRefusedByDefault(String host) {
        assertThat(skill().validate(Map.of("url", "http://" + host + ":" + port + "/ok")))
                .singleElement().asString().startsWith("params.url: refused ").endsWith(": loopback (cku.skills.http.allowed-networks)");
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedWhenResolvedNamingTheNameAndTheAddress() throws Exception {
        HttpSkill skill = skill();
        String url = "http://localhost:" + port + "/ok";

        assertThat(skill.validate(Map.of("url", url))).as("names are judged when they are resolved").isEmpty();
        SkillResult result = skill.execute(context(url));

        assertThat(result).isInstanceOfSatisfying(SkillResult.Failed.class, failed -> {
            assertThat(failed.errorType()).isEqualTo("refused-destination");
            assertThat(failed.failureClass()).isEqualTo(FailureClass.PERMANENT);
            assertThat(failed.error()).startsWith("refused localhost (").endsWith("): loopback (cku.skills.http.allowed-networks)");
        });
        assertThat(received).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "2130706433", "0x7f.1", "0177.0.0.1", "[::ffff:127.0.0.1]", "127.1", "127.0.0.1."})
    void allowingTheLoopbackNetworkLetsTheSameCallThroughToTheAddressItSpells(String host) throws Exception {
        HttpSkill skill = skill("127.0.0.0/8");

        SkillResult result = skill.execute(context("http://" + host + ":" + port + "/ok"));

        assertThat(result).isInstanceOfSatisfying(SkillResult.Succeeded.class,
                succeeded -> assertThat(((Map<?, ?>) succeeded.output()).get("body")).isEqualTo("inside"));
        assertThat(received).containsExactly("127.0.0.1:" + port);
    }

    @Test
    void allowingLoopbackLetsANameThroughWhenEveryAddressItResolvesToIsAllowed() throws Exception {
        // localhost may answer ::1 as well as 127.0.0.1, and every address a name answers with must be allowed
        HttpSkill skill = skill("127.0.0.0/8", "::1/128");

        SkillResult result = skill.execute(context("http://localhost:" + port + "/ok"));

        assertThat(result).isInstanceOf(SkillResult.Succeeded.class);
        assertThat(received).hasSize(1);
    }

    @Test
    void aNameIsResolvedOnceAndTheConnectionGoesToTheAddressThatWasChecked() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        // a rebinding name: allowed the first time, the internal network every time after
        HttpSkill skill = track(HttpSkills.allowing(workspace, 1000, name -> new InetAddress[] {InetAddress.getByName(
                lookups.getAndIncrement() == 0 ? "127.0.0.1" : "10.0.0.1")}, "127.0.0.1/32"));

        SkillResult result = skill.execute(context("http://rebinding.test:" + port + "/ok"));

        assertThat(result).isInstanceOf(SkillResult.Succeeded.class);
        assertThat(lookups).as("the client asked the guard, and the guard asked DNS once").hasValue(1);
        assertThat(received).containsExactly("rebinding.test:" + port);
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsRefusedNotOnlyTheFirst() throws Exception {
        HttpSkill skill = track(HttpSkills.allowing(workspace, 1000, name -> new InetAddress[] {
                InetAddress.getByName("127.0.0.1"), InetAddress.getByName("10.0.0.1")}, "127.0.0.1/32"));

        SkillResult result = skill.execute(context("http://two-faced.test:" + port + "/ok"));

        assertThat(result).isEqualTo(SkillResult.failed("refused-destination", FailureClass.PERMANENT,
                "refused two-faced.test (10.0.0.1): private (cku.skills.http.allowed-networks)"));
        assertThat(received).isEmpty();
    }

    @Test
    void aHostThatLooksLikeAnAddressButIsNoneIsRefusedAtValidation() {
        assertThat(skill().validate(Map.of("url", "http://127.0.0.256:" + port + "/ok")))
                .containsExactly("params.url '127.0.0.256' looks like an IP address but is not one");
    }

    private HttpSkill skill(String... networks) {
        return track(HttpSkills.allowing(workspace, 1000, networks));
    }

    private HttpSkill track(HttpSkill skill) {
        skills.add(skill);
        return skill;
    }

    private static SkillContext context(String url) {
        return new SkillContext(UUID.randomUUID(), "call", Map.of("url", url), Duration.ofSeconds(10), TestCancellation.notCancelled());
    }
}
