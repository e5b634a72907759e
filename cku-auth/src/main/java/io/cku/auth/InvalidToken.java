package io.cku.auth;

import java.util.Locale;

/** An access token was refused; the message says why, for the caller and the log, and {@link #kind()} says it in one word. */
public class InvalidToken extends RuntimeException {

    /** Why a token was refused, in a few fixed words (metrics count by them; the message has the detail). */
    public enum Kind {
        /** Malformed, badly signed, of an unknown key, lacking or misstating a claim. */
        BAD_TOKEN,
        /** Past its {@code exp}. */
        EXPIRED,
        /** The token or its session was revoked. */
        REVOKED,
        /** Its user is disabled or gone, or its service account revoked. */
        ACCOUNT_DISABLED;

        /** The kind as it appears in metrics, such as {@code bad-token}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Kind kind;

    public InvalidToken(String reason) {
        this(Kind.BAD_TOKEN, reason);
    }

    public InvalidToken(Kind kind, String reason) {
        super(reason);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
