package io.cku.auth;

/** A refresh token was refused: unknown, expired, used already, or its session ended. The message says which. */
public class RefreshTokenRefused extends RuntimeException {

    public RefreshTokenRefused(String reason) {
        super(reason);
    }
}
