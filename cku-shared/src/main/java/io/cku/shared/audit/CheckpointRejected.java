package io.cku.shared.audit;

/** A signed checkpoint was refused; the message says why, such as a missing signature line or a signature that does not match. */
public class CheckpointRejected extends RuntimeException {

    CheckpointRejected(String reason) {
        super(reason);
    }
}
