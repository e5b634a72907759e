package io.cku.app.security;

/**
 * The firewall's rule for header names and values and parameter names, as a loop: Spring Security's default is the
 * regular expression {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} matched anew for each value read.
 */
final class HeaderText {

    private HeaderText() {
    }

    /** Whether every code point of {@code text} is assigned and not a control character (printable ASCII is decided at once). */
    static boolean allowed(String text) {
        for (int i = 0; i < text.length();) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                i++;
                continue;
            }
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.CONTROL || type == Character.UNASSIGNED) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
