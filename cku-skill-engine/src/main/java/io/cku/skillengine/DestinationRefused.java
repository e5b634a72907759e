package io.cku.skillengine;

import java.net.UnknownHostException;

/**
 * A skill was refused a connection. An {@link UnknownHostException}, so that an HTTP client's resolver may throw it: to
 * the skill, the host resolves to no address it may use.
 */
public class DestinationRefused extends UnknownHostException {

    private final transient Refusal refusal;

    public DestinationRefused(Refusal refusal) {
        super(refusal.reason());
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
