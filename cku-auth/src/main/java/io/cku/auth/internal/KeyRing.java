package io.cku.auth.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cku.auth.AuthProperties;

/**
 * The key that signs access tokens and the retired keys that still verify them, each found by its key id. Rotation: the
 * new key becomes {@code CKU_JWT_SECRET} and the old one moves to {@code CKU_JWT_PREVIOUS_SECRETS}, so nobody is logged
 * out; once the old tokens have expired, the old key is dropped.
 */
record KeyRing(SigningKey current, Map<String, SigningKey> verifying) {

    private static final Logger log = LoggerFactory.getLogger(KeyRing.class);

    KeyRing {
        verifying = Map.copyOf(verifying);
    }

    static KeyRing from(AuthProperties properties) {
        SigningKey current = SigningKey.from(properties);
        Map<String, SigningKey> keys = new LinkedHashMap<>();
        keys.put(current.id(), current);
        for (String secret : properties.previousSecrets()) {
            SigningKey previous = SigningKey.configured(secret, "CKU_JWT_PREVIOUS_SECRETS (cku.auth.previous-secrets)");
            keys.putIfAbsent(previous.id(), previous);
        }
        log.info("Access tokens are signed with key {}; keys {} verify them", current.id(), keys.keySet());
        return new KeyRing(current, keys);
    }

    /** The key, current or previous, whose id this is. */
    Optional<SigningKey> withId(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(verifying.get(id));
    }
}
