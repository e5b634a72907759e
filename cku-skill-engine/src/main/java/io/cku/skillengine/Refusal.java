package io.cku.skillengine;

/**
 * Why a skill may not connect to a destination.
 *
 * @param destination what was refused: an address (with its port when the port is the reason), or a host name with the
 *                    address it resolved to
 * @param rule the rule that refused it, such as {@code loopback}, {@code private} or {@code own-address}
 * @param remedy the setting that would allow it, or why nothing does
 */
public record Refusal(String destination, String rule, String remedy) {

    /** The reason as steps report it, such as {@code refused 127.0.0.1: loopback (cku.skills.http.allowed-networks)}. */
    public String reason() {
        return "refused " + destination + ": " + rule + " (" + remedy + ")";
    }
}
