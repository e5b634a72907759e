package io.cku.app.security;

/** A request body ran past {@code cku.http.max-body-bytes} while it was being read. */
public class BodyTooLarge extends RuntimeException {

    public BodyTooLarge(long limit) {
        super("the request body is larger than the limit of " + limit + " bytes");
    }
}
