package io.cku.skillengine.builtin;

/** Keeps text output within a bounded size and says when it cut something. */
final class Truncation {

    private Truncation() {
    }

    static String cut(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, maxChars) + "\n… (truncated, " + text.length() + " characters in all)";
    }
}
