package io.cku.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The loop decides as Spring Security's regular expression does, for every kind of character. */
class HeaderTextTest {

    /** StrictHttpFirewall's default rule for header names and values. */
    private static final Pattern SPRING = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    @Test
    void decidesEveryCodePointAsTheFirewallsRegularExpression() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String text = "a" + new String(Character.toChars(codePoint)) + "b";
            assertThat(HeaderText.allowed(text)).as("U+%04X", codePoint).isEqualTo(SPRING.matcher(text).matches());
        }
    }

    @Test
    void decidesRandomStringsAsTheFirewallsRegularExpression() {
        Random random = new Random(18);
        char[] alphabet = "aZ09 \t\r\n\u0000\u007f\u0085\u00e9\u2028\ud83d\ude00\ud800\udfff\uffff\u0378-_;=\"".toCharArray();
        for (int n = 0; n < 100_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertThat(HeaderText.allowed(text.toString())).as(text.toString()).isEqualTo(SPRING.matcher(text).matches());
        }
        assertThat(HeaderText.allowed("Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig")).isTrue();
        assertThat(HeaderText.allowed("")).isTrue();
        assertThat(HeaderText.allowed("evil\r\nSet-Cookie: x")).isFalse();
    }
}
