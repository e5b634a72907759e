package io.cku.shared.audit;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The chain's hashes, with domain separation: 0x00 before a leaf, 0x01 before a link. */
public final class ChainHashes {

    /** The link before the first entry. */
    public static final byte[] GENESIS = new byte[32];

    private ChainHashes() {
    }

    /** SHA-256(0x00 || canonical). */
    public static byte[] leaf(byte[] canonical) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x00);
        sha.update(canonical);
        return sha.digest();
    }

    /** SHA-256(0x01 || previous link || leaf || seq as 8 bytes big-endian). */
    public static byte[] link(byte[] previousLink, byte[] leaf, long seq) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x01);
        sha.update(previousLink);
        sha.update(leaf);
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seq).array());
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
