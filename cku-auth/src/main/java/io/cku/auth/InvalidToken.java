package io.cku.auth;

/** An access token was refused; the message says why, for the caller and the log. */
public class InvalidToken extends RuntimeException {

    public InvalidToken(String reason) {
        super(reason);
    }
}
