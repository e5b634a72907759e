package io.cku.skillengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressSpellingTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 127.0.0.1", "2130706433, 127.0.0.1", "0x7f.1, 127.0.0.1", "0177.0.0.1, 127.0.0.1", "127.1, 127.0.0.1",
        "127.0.0.1., 127.0.0.1", "0x7f000001, 127.0.0.1", "0X7F.0.0.01, 127.0.0.1", "127.0.1, 127.0.0.1", "10.1.65535, 10.1.255.255",
        "0, 0.0.0.0", "0x, 0.0.0.0", "0x000000000000007f.1, 127.0.0.1", "0000000127.0.0.1, 87.0.0.1", "4294967295, 255.255.255.255",
        "[::ffff:127.0.0.1], 127.0.0.1", "[::1], ::1", "[0:0:0:0:0:0:0:1], ::1", "::1, ::1", "[fe80::1], fe80::1",
        "[::127.0.0.1], ::7f00:1", "[2001:db8:0:0:1:0:0:1], 2001:db8::1:0:0:1", "[::], ::"})
    void readsEveryNumericSpellingAsTheAddressResolversRead(String host, String address) {
        assertThat(AddressSpelling.parse(host)).hasValueSatisfying(parsed -> assertThat(AddressSpelling.format(parsed)).isEqualTo(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "example.com.", "1.example", "0x7f.example", "a-1", "127.0.0x1g"})
    void leavesNamesToBeResolved(String host) {
        assertThat(AddressSpelling.parse(host)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.256", "1.2.3.4.5", "4294967296", "0x100000000", "08.0.0.1", "1..1", "example.123",
        "[::g]", "[1.2.3.4]", "99999999999999999999"})
    void refusesAHostThatEndsLikeANumberButIsNoAddress(String host) {
        assertThatIllegalArgumentException().isThrownBy(() -> AddressSpelling.parse(host)).withMessageContaining("looks like an IP address");
    }

    @ParameterizedTest
    @CsvSource({"1:0:0:2:0:0:0:3, 1:0:0:2::3", "0:0:1:0:0:0:0:0, 0:0:1::", "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8", "1:0:2:0:3:0:4:0, 1:0:2:0:3:0:4:0"})
    void writesIpv6ShortenedAtTheLongestRunOfZeros(String full, String shortened) throws Exception {
        assertThat(AddressSpelling.format(InetAddress.getByName(full))).isEqualTo(shortened);
    }
}
