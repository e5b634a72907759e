package io.cku.audit;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 8785 JSON Canonicalization Scheme: object members sorted by the UTF-16 code units of their names, no white space,
 * the minimal string escapes, and numbers written as ECMAScript writes a double. These are the bytes an audit entry hashes.
 */
public final class Jcs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Jcs() {
    }

    /** The canonical UTF-8 bytes of a JSON text; throws {@link IllegalArgumentException} for NaN or infinite numbers. */
    public static byte[] canonicalize(String jsonText) {
        return canonicalize(JSON.readTree(jsonText));
    }

    /** The canonical UTF-8 bytes of a JSON value: maps, lists, strings, numbers, booleans, null, or a Jackson tree. */
    public static byte[] canonicalize(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(out.length() + 16);
        bytes.writeBytes(out.toString().getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof JsonNode node) {
            write(JSON.treeToValue(node, Object.class), out);
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean flag) {
            out.append(flag);
        } else if (value instanceof Number number) {
            out.append(number(number.doubleValue()));
        } else if (value instanceof CharSequence text) {
            string(text.toString(), out);
        } else if (value instanceof Map<?, ?> map) {
            object(map, out);
        } else if (value instanceof Collection<?> list) {
            array(list, out);
        } else {
            string(value.toString(), out);
        }
    }

    private static void object(Map<?, ?> map, StringBuilder out) {
        List<String> names = new ArrayList<>();
        map.keySet().forEach(key -> names.add(String.valueOf(key)));
        names.sort(String::compareTo); // String.compareTo orders by UTF-16 code units, as RFC 8785 §3.2.3 requires
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(names.get(i), out);
            out.append(':');
            write(map.get(names.get(i)), out);
        }
        out.append('}');
    }

    private static void array(Collection<?> values, StringBuilder out) {
        out.append('[');
        boolean first = true;
        for (Object value : values) {
            if (!first) {
                out.append(',');
            }
            first = false;
            write(value, out);
        }
        out.append(']');
    }

    /** RFC 8785 §3.2.2.2: only ", \ and the control characters are escaped; the short forms where JSON has them. */
    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** ECMAScript Number.prototype.toString (RFC 8785 §3.2.2.3): the shortest digits that read back as the same double. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("JSON has no NaN or infinite numbers: " + value);
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal shortest = shortest(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale();
        String sign = value < 0 ? "-" : "";
        if (k <= n && n <= 21) {
            return sign + digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return sign + digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return sign + "0." + "0".repeat(-n) + digits;
        }
        int exponent = n - 1;
        String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }

    /** The closest decimal with the fewest significant digits that rounds back to {@code value} (positive, finite). */
    private static BigDecimal shortest(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == value) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
