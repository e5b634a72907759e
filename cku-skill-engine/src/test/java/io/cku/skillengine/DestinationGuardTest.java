package io.cku.skillengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationGuardTest {

    private static final Path WORKSPACE = Path.of("/tmp/cku-guard-test-workspace");

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, loopback", "127.255.255.254, loopback", "::1, loopback", "0.0.0.0, unspecified", "0.1.2.3, unspecified",
        ":: , unspecified", "10.0.0.1, private", "172.16.0.1, private", "172.31.255.255, private", "192.168.1.1, private",
        "100.64.0.1, carrier-grade-nat", "100.127.255.255, carrier-grade-nat", "169.254.1.1, link-local", "fe80::1, link-local",
        "224.0.0.1, multicast", "239.255.255.250, multicast", "ff02::1, multicast", "255.255.255.255, broadcast",
        "198.18.0.1, benchmarking", "198.19.255.255, benchmarking", "192.0.2.1, documentation", "198.51.100.7, documentation",
        "203.0.113.9, documentation", "2001:db8::1, documentation", "fc00::1, unique-local", "fd12:3456::1, unique-local",
        "240.0.0.1, reserved", "192.0.0.8, reserved", "fec0::1, site-local", "169.254.169.254, metadata",
        "fd00:ec2::254, metadata", "100.100.100.200, metadata",
        "::ffff:127.0.0.1, loopback", "::ffff:10.0.0.1, private", "::127.0.0.1, loopback", "::10.0.0.1, private",
        "::ffff:169.254.169.254, metadata", "64:ff9b::7f00:1, loopback", "64:ff9b::a00:1, private", "2002:7f00:1::, loopback",
        "2002:a9fe:a9fe::, metadata"})
    void refusesEverySpecialPurposeRangeByDefaultUnderItsRule(String address, String rule) throws Exception {
        assertThat(guard().refusal(InetAddress.getByName(address), 443)).hasValueSatisfying(refusal -> {
            assertThat(refusal.rule()).isEqualTo(rule);
            assertThat(refusal.reason()).startsWith("refused ");
        });
    }

    @Test
    void refusesIpv4MappedAddressesTheJdkKeepsAsIpv6() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 0, 0, 1};

        assertThat(guard().refusal(Inet6Address.getByAddress(null, mapped, -1), 80)).hasValueSatisfying(
                refusal -> assertThat(refusal.rule()).isEqualTo("private"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "2606:4700::6810:85e5", "172.32.0.1", "100.128.0.1", "192.0.3.1"})
    void allowsPublicAddresses(String address) throws Exception {
        assertThat(guard().refusal(InetAddress.getByName(address), 443)).isEmpty();
    }

    @Test
    void namesTheAddressTheRuleAndTheSettingThatWouldAllowIt() throws Exception {
        assertThat(guard().refusal(InetAddress.getByName("127.0.0.1"), 80)).hasValue(
                new Refusal("127.0.0.1", "loopback", "cku.skills.http.allowed-networks"));
        assertThat(guard().refusal(InetAddress.getByName("127.0.0.1"), 80).orElseThrow().reason())
                .isEqualTo("refused 127.0.0.1: loopback (cku.skills.http.allowed-networks)");
    }

    @Test
    void anAllowedNetworkLiftsItsRulesButNeverTheMetadataServices() throws Exception {
        DestinationGuard guard = guard("10.0.0.0/8", "169.254.0.0/16", "fd00::/8");

        assertThat(guard.refusal(InetAddress.getByName("10.1.2.3"), 80)).isEmpty();
        assertThat(guard.refusal(InetAddress.getByName("169.254.1.1"), 80)).isEmpty();
        assertThat(guard.refusal(InetAddress.getByName("10.0.0.1"), 80)).isEmpty();
        assertThat(guard.refusal(InetAddress.getByName("11.0.0.1"), 80)).isEmpty();
        assertThat(guard.refusal(InetAddress.getByName("172.16.0.1"), 80)).map(Refusal::rule).hasValue("private");
        assertThat(guard.refusal(InetAddress.getByName("169.254.169.254"), 80)).hasValue(
                new Refusal("169.254.169.254", "metadata", "never allowed"));
        assertThat(guard.refusal(InetAddress.getByName("fd00:ec2::254"), 80)).map(Refusal::rule).hasValue("metadata");
    }

    @Test
    void theServicesOwnPortsStayRefusedOnEveryLocalAddressWhateverIsAllowed() throws Exception {
        DestinationGuard guard = guard("127.0.0.0/8", "::1/128");
        guard.listeningOn(InetAddress.getByName("0.0.0.0"), 8080, "HTTP server");
        guard.listeningOn(null, 5432, "database");

        assertThat(guard.refusal(InetAddress.getByName("127.0.0.1"), 8080)).hasValue(
                new Refusal("127.0.0.1:8080", "own-address", "the service's own HTTP server, never allowed"));
        assertThat(guard.refusal(InetAddress.getByName("127.0.0.2"), 5432)).map(Refusal::rule).hasValue("own-address");
        assertThat(guard.refusal(InetAddress.getByName("::1"), 8080)).map(Refusal::destination).hasValue("[::1]:8080");
        assertThat(guard.refusal(InetAddress.getByName("127.0.0.1"), 8081)).as("another port of an allowed network").isEmpty();
    }

    @Test
    void anAddressTheServiceIsBoundToIsRefusedOnEveryPortUnlessAllowed() throws Exception {
        DestinationGuard guard = guard();
        guard.listeningOn(InetAddress.getByName("93.184.215.14"), 8080, "HTTP server");

        assertThat(guard.refusal(InetAddress.getByName("93.184.215.14"), 22)).hasValue(
                new Refusal("93.184.215.14", "own-address", "cku.skills.http.allowed-networks"));
        assertThat(guard("93.184.215.0/24").refusal(InetAddress.getByName("93.184.215.14"), 22)).isEmpty();
    }

    @Test
    void resolvesANameOnceAndReturnsExactlyTheAddressesItChecked() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        DestinationGuard guard = new DestinationGuard(properties("127.0.0.0/8"), name -> {
            lookups.incrementAndGet();
            return addresses("127.0.0.1", "127.0.0.2");
        });

        List<InetSocketAddress> resolved = guard.resolve("service.test", 8443);

        assertThat(resolved).containsExactly(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8443),
                new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 8443));
        assertThat(lookups).hasValue(1);
    }

    @Test
    void refusesANameWhenAnyAddressItResolvesToIsRefused() {
        DestinationGuard guard = new DestinationGuard(properties(), name -> addresses("93.184.215.14", "192.168.0.10"));

        assertThatThrownBy(() -> guard.resolve("mixed.test", 443)).isInstanceOfSatisfying(DestinationRefused.class,
                refused -> assertThat(refused.refusal()).isEqualTo(
                        new Refusal("mixed.test (192.168.0.10)", "private", "cku.skills.http.allowed-networks")));
    }

    @Test
    void neverAsksDnsAboutANumericHostOrAMetadataName() throws Exception {
        DestinationGuard guard = new DestinationGuard(properties("127.0.0.0/8"), name -> {
            throw new AssertionError("looked up " + name);
        });

        assertThat(guard.resolve("0x7f.1", 80)).containsExactly(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80));
        assertThatThrownBy(() -> guard.resolve("metadata.google.internal.", 80)).isInstanceOf(DestinationRefused.class)
                .hasMessage("refused metadata.google.internal: metadata (never allowed)");
        assertThatThrownBy(() -> guard.resolve("1.2.3.4.5", 80)).isInstanceOf(UnknownHostException.class)
                .isNotInstanceOf(DestinationRefused.class);
    }

    @Test
    void judgesLiteralsWithoutALookupAndLeavesNamesToTheirResolution() {
        DestinationGuard guard = guard();

        assertThat(guard.refusalWithoutLookup("2130706433", 80)).map(Refusal::reason)
                .hasValue("refused 127.0.0.1: loopback (cku.skills.http.allowed-networks)");
        assertThat(guard.refusalWithoutLookup("[::ffff:a00:1]", 80)).map(Refusal::rule).hasValue("private");
        assertThat(guard.refusalWithoutLookup("localhost", 80)).isEmpty();
    }

    private static DestinationGuard guard(String... networks) {
        return new DestinationGuard(properties(networks));
    }

    private static SkillProperties properties(String... networks) {
        return new SkillProperties(WORKSPACE, null, null, null,
                new SkillProperties.Http(null, Arrays.stream(networks).map(Network::of).toList()));
    }

    private static InetAddress[] addresses(String... literals) throws UnknownHostException {
        InetAddress[] addresses = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            addresses[i] = InetAddress.getByName(literals[i]);
        }
        return addresses;
    }
}
