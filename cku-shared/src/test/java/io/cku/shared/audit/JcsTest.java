package io.cku.shared.audit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.json.JsonMapper;

class JcsTest {

    /** RFC 8785 §3.2.2, the input of the worked example. */
    private static final String RFC_EXAMPLE = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50,
                          2e-3, 0.000000000000000000000000001],
              "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
              "literals": [null, true, false]
            }
            """;

    /** RFC 8785 §3.2.4, the UTF-8 bytes of the example's canonical form. */
    private static final String RFC_EXAMPLE_BYTES = """
            7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72
            75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a
            5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31
            65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37
            5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30
            30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d
            """;

    @Test
    void reproducesTheRfcExampleByteForByte() {
        byte[] expected = HexFormat.of().parseHex(RFC_EXAMPLE_BYTES.replaceAll("\\s", ""));

        assertThat(Jcs.canonicalize(RFC_EXAMPLE)).isEqualTo(expected);
        assertThat(text(Jcs.canonicalize(RFC_EXAMPLE))).isEqualTo(
                "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void sortsMemberNamesByUtf16CodeUnitsAsTheRfcSortingExample() {
        String document = """
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }
                """;

        assertThat(text(Jcs.canonicalize(document))).isEqualTo("{"
                + "\"\\r\":\"Carriage Return\","
                + "\"1\":\"One\","
                + "\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
                + "\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0000000000000000 | 0
            8000000000000000 | 0
            0000000000000001 | 5e-324
            8000000000000001 | -5e-324
            7fefffffffffffff | 1.7976931348623157e+308
            ffefffffffffffff | -1.7976931348623157e+308
            4340000000000000 | 9007199254740992
            c340000000000000 | -9007199254740992
            4430000000000000 | 295147905179352830000
            44b52d02c7e14af5 | 9.999999999999997e+22
            44b52d02c7e14af6 | 1e+23
            44b52d02c7e14af7 | 1.0000000000000001e+23
            444b1ae4d6e2ef4e | 999999999999999700000
            444b1ae4d6e2ef4f | 999999999999999900000
            444b1ae4d6e2ef50 | 1e+21
            3eb0c6f7a0b5ed8c | 9.999999999999997e-7
            3eb0c6f7a0b5ed8d | 0.000001
            41b3de4355555553 | 333333333.3333332
            41b3de4355555554 | 333333333.33333325
            41b3de4355555555 | 333333333.3333333
            41b3de4355555556 | 333333333.3333334
            41b3de4355555557 | 333333333.33333343
            becbf647612f3696 | -0.0000033333333333333333
            43143ff3c1cb0959 | 1424953923781206.2
            """)
    void writesTheRfcAppendixBNumbersAsEcmaScriptDoes(String ieee754, String expected) {
        assertThat(text(Jcs.canonicalize((Object) bits(ieee754)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1e30                 | 1e+30
            4.50                 | 4.5
            0.000001             | 0.000001
            1e-7                 | 1e-7
            1.5e-7               | 1.5e-7
            100000000000000000000 | 100000000000000000000
            1e21                 | 1e+21
            -0.0                 | 0
            2e23                 | 2e+23
            8.41e21              | 8.41e+21
            282879384806159000   | 282879384806159000
            9007199254740993     | 9007199254740992
            0.30000000000000004  | 0.30000000000000004
            """)
    void switchesToExponentFormWhereEcmaScriptDoesWithShortestDigitsOnJava17(String json, String expected) {
        assertThat(text(Jcs.canonicalize(json))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "7fffffffffffffff", "7ff8000000000000", "7ff0000000000000", "fff0000000000000" })
    void rejectsTheAppendixBNanAndInfinity(String ieee754) {
        assertThatThrownBy(() -> Jcs.canonicalize((Object) bits(ieee754)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sortsNestedObjectsAndKeepsArrayOrder() {
        Map<String, Object> value = Map.of("z", List.of(3, Map.of("b", 1, "a", List.of()), 1), "a", Map.of(
                "y", Map.of(), "x", List.of(List.of(true, false), "s")));

        assertThat(text(Jcs.canonicalize(value)))
                .isEqualTo("{\"a\":{\"x\":[[true,false],\"s\"],\"y\":{}},\"z\":[3,{\"a\":[],\"b\":1},1]}");
    }

    @Test
    void escapesOnlyTheMandatoryCharacters() {
        String value = "\u0000\u0001\u001f\b\f\n\r\t\"\\/\u007f\u00e9\u2028\u2029\u20ac\ud83d\ude00";

        assertThat(text(Jcs.canonicalize((Object) value))).isEqualTo(
                "\"\\u0000\\u0001\\u001f\\b\\f\\n\\r\\t\\\"\\\\/\u007f\u00e9\u2028\u2029\u20ac\ud83d\ude00\"");
    }

    @Test
    void writesNonAsciiAsPlainUtf8() {
        assertThat(Jcs.canonicalize((Object) "\u00e9\u20ac\ud83d\ude00"))
                .isEqualTo(HexFormat.of().parseHex("22c3a9e282acf09f988022"));
    }

    @Test
    void givesTheSameBytesWhateverTheMemberOrderAndWhiteSpace() {
        String tidy = "{\"a\":[1,{\"c\":\"x\",\"d\":null}],\"b\":{\"e\":1e-7,\"f\":true}}";
        String messy = """

                {  "b" : { "f" : true ,
                        "e" : 0.0000001 } ,
                   "a" : [ 1.0 , { "d" : null , "c" : "\\u0078" } ]
                }
                """;

        assertThat(Jcs.canonicalize(messy)).isEqualTo(Jcs.canonicalize(tidy));
        assertThat(text(Jcs.canonicalize(messy))).isEqualTo(tidy);
    }

    @Test
    void treatsEveryJavaNumberTypeAndJacksonTreeAsTheSameDouble() {
        Object numbers = List.of(7, 7L, BigInteger.valueOf(7), new BigDecimal("7.00"), 7.0, (short) 7);
        String document = "{\"n\":[1,2.5],\"s\":\"t\"}";

        assertThat(text(Jcs.canonicalize(numbers))).isEqualTo("[7,7,7,7,7,7]");
        assertThat(Jcs.canonicalize(JsonMapper.shared().readTree(document)))
                .isEqualTo(Jcs.canonicalize(document));
        assertThat(text(Jcs.canonicalize((Object) null))).isEqualTo("null");
    }

    @Test
    void writesAJacksonTreeByteForByteAsItsTextWithoutReadingItBackIntoMaps() {
        String nested = "{\"z\":{\"b\":[1,-0.5,1e21,{\"y\":null,\"x\":true}],\"a\":\"\\u0007\\u20ac\\n\"},\"\u00e9\":false,"
                + "\"big\":123456789012345678901234567890,\"empty\":{},\"list\":[]}";

        for (String document : List.of(RFC_EXAMPLE, nested)) {
            assertThat(text(Jcs.canonicalize(JsonMapper.shared().readTree(document)))).isEqualTo(text(Jcs.canonicalize(document)));
        }
        assertThat(text(Jcs.canonicalize(Map.of("tree", JsonMapper.shared().readTree(nested)))))
                .isEqualTo("{\"tree\":" + text(Jcs.canonicalize(nested)) + "}");
    }

    @Test
    void refusesWhatIJsonForbids() {
        assertThatThrownBy(() -> Jcs.canonicalize("{\"a\":1,\"a\":2}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jcs.canonicalize("[1] [2]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jcs.canonicalize("[1e400]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jcs.canonicalize("\"\\ud800\"")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jcs.canonicalize(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jcs.canonicalize(new Object())).isInstanceOf(IllegalArgumentException.class);
    }

    private static double bits(String ieee754) {
        return Double.longBitsToDouble(Long.parseUnsignedLong(ieee754, 16));
    }

    private static String text(byte[] canonical) {
        return new String(canonical, UTF_8);
    }

    @Test
    void writesEveryDoubleWithTheFewestDigitsThatReadBackTheSame() {
        java.util.Random random = new java.util.Random(8785);
        for (int i = 0; i < 20_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                continue;
            }
            String written = EcmaNumber.format(value);
            java.math.BigDecimal decimal = new java.math.BigDecimal(written);
            org.assertj.core.api.Assertions.assertThat(Double.parseDouble(written)).as(written).isEqualTo(value == 0 ? 0.0 : value);
            int digits = decimal.stripTrailingZeros().precision();
            if (digits > 1) {
                double shorter = new java.math.BigDecimal(value).round(new java.math.MathContext(digits - 1)).doubleValue();
                org.assertj.core.api.Assertions.assertThat(shorter).as("%s has no shorter form", written).isNotEqualTo(value);
            }
        }
    }
}
