package io.cku.audit;

import java.util.List;
import java.util.Optional;

/** Signed checkpoints of the chain, made every N entries or T seconds, and the key that verifies them. */
public interface AuditCheckpoints {

    /** Signs the current head now, unless a checkpoint of that size exists; the newest checkpoint's note, if any. */
    Optional<String> checkpointNow();

    /** The newest signed note. */
    Optional<String> latest();

    /** The newest {@code limit} signed notes, newest first. */
    List<String> list(int limit);

    /** The verifier key ({@code name+hash+base64}) of the signing key. */
    String publicKey();
}
