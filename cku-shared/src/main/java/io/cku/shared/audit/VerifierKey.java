package io.cku.shared.audit;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A C2SP verifier key, {@code <name>+<hex key ID>+<base64(0x01 || 32-byte Ed25519 public key)>}, checked on the way in. */
record VerifierKey(String keyName, byte[] rawPublicKey) {

    private static final Pattern KEY_ID = Pattern.compile("[0-9a-fA-F]{8}");

    VerifierKey {
        if (!SignedNote.isValidKeyName(keyName)) {
            throw new IllegalArgumentException("the key name must be non-empty, without spaces, '+' or control characters");
        }
        if (rawPublicKey.length != Ed25519Keys.KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is " + Ed25519Keys.KEY_LENGTH + " bytes");
        }
        rawPublicKey = rawPublicKey.clone();
    }

    /** Reads {@code <name>+<hex key ID>+<base64 key>}; the key ID must be the one the name and key give. */
    static VerifierKey parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a verifier key is '<name>+<hex key ID>+<base64 key>'");
        }
        if (!KEY_ID.matcher(parts[1]).matches()) {
            throw new IllegalArgumentException("the verifier key's key ID '" + parts[1] + "' is not 8 hex digits");
        }

        VerifierKey key = new VerifierKey(requireName(parts[0]), ed25519Key(parts[2]));
        if (key.keyId() != Integer.parseUnsignedInt(parts[1], 16)) {
            throw new IllegalArgumentException("the verifier key's key ID " + parts[1] + " does not match its name and key, which give "
                    + key.hexKeyId());
        }
        return key;
    }

    int keyId() {
        return Ed25519Keys.keyId(keyName, rawPublicKey);
    }

    String hexKeyId() {
        return HexFormat.of().toHexDigits(keyId());
    }

    String encode() {
        byte[] typeAndKey = ByteBuffer.allocate(1 + rawPublicKey.length).put(Ed25519Keys.SIGNATURE_TYPE).put(rawPublicKey).array();
        return keyName + "+" + hexKeyId() + "+" + Base64.getEncoder().encodeToString(typeAndKey);
    }

    private static String requireName(String name) {
        if (!SignedNote.isValidKeyName(name)) {
            throw new IllegalArgumentException("the verifier key's name '" + name + "' must be non-empty, without spaces, '+' or control characters");
        }
        return name;
    }

    private static byte[] ed25519Key(String base64) {
        byte[] typeAndKey;
        try {
            typeAndKey = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("the verifier key's key is not base64");
        }

        if (typeAndKey.length == 0 || typeAndKey[0] != Ed25519Keys.SIGNATURE_TYPE) {
            throw new IllegalArgumentException("the verifier key is not an Ed25519 key (its first byte must be 0x01)");
        }
        if (typeAndKey.length != 1 + Ed25519Keys.KEY_LENGTH) {
            throw new IllegalArgumentException("the verifier key's Ed25519 key is " + (typeAndKey.length - 1) + " bytes, not 32");
        }
        return Arrays.copyOfRange(typeAndKey, 1, typeAndKey.length);
    }
}
