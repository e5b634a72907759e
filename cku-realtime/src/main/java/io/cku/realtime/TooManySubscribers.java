package io.cku.realtime;

/** A subscription was refused: the caller's or this instance's limit of open streams is reached. */
public final class TooManySubscribers extends RuntimeException {

    private final String scope;

    TooManySubscribers(String scope, int limit) {
        super("too many open event streams " + ("principal".equals(scope) ? "for you" : "on this instance") + " (at most " + limit
                + "); close one or retry later");
        this.scope = scope;
    }

    /** {@code principal} or {@code instance}. */
    public String scope() {
        return scope;
    }
}
