package io.cku.shared.audit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * ECMAScript's Number.prototype.toString for finite doubles, as RFC 8785 §3.2.2.3 requires.
 * Java 17's Double.toString is not always the shortest round trip (2e23 prints as 1.9999999999999998E23),
 * so the digits come from exact decimal arithmetic instead.
 */
final class EcmaNumber {

    private static final int MAX_DIGITS = 17;

    private EcmaNumber() {
    }

    /** The ECMAScript text of {@code value}; NaN and the infinities have none in JSON. */
    static String format(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("RFC 8785 has no JSON form for " + value);
        }
        if (value == 0) {
            return "0";
        }
        if (value < 0) {
            return "-" + format(-value);
        }
        return layout(shortestDigits(value));
    }

    /** The decimal with fewest digits that reads back as {@code value}; of two, the nearer, then the even one. */
    private static BigDecimal shortestDigits(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; digits < MAX_DIGITS; digits++) {
            BigDecimal below = exact.round(new MathContext(digits, RoundingMode.FLOOR));
            BigDecimal above = exact.round(new MathContext(digits, RoundingMode.CEILING));
            BigDecimal pick = nearestRoundTrip(value, exact, below, above);
            if (pick != null) {
                return pick.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(MAX_DIGITS, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    private static BigDecimal nearestRoundTrip(double value, BigDecimal exact, BigDecimal below, BigDecimal above) {
        boolean belowFits = below.doubleValue() == value;
        boolean aboveFits = above.doubleValue() == value;
        if (!belowFits || !aboveFits) {
            return belowFits ? below : aboveFits ? above : null;
        }

        int closer = exact.subtract(below).compareTo(above.subtract(exact));
        if (closer != 0) {
            return closer < 0 ? below : above;
        }
        return below.unscaledValue().testBit(0) ? above : below;
    }

    /** Places the point as ECMAScript does: plain from 1e-6 up to below 1e21, exponent form outside. */
    private static String layout(BigDecimal decimal) {
        String digits = decimal.unscaledValue().toString();
        int k = digits.length();
        int n = k - decimal.scale();

        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        return exponentForm(digits, n - 1);
    }

    private static String exponentForm(String digits, int exponent) {
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }
}
