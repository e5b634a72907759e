package io.cku.auth;

/** A login was refused. The message is the same whatever the cause, so it cannot tell which usernames exist. */
public class BadCredentials extends RuntimeException {

    public BadCredentials() {
        super("invalid credentials");
    }
}
