package io.cku.shared.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/** Ed25519 with the JDK's provider: raw 32-byte keys, C2SP key IDs, signing, and PKCS#8 private keys. */
final class Ed25519Keys {

    static final String ALGORITHM = "Ed25519";
    static final byte SIGNATURE_TYPE = 0x01;
    static final int KEY_LENGTH = 32;
    static final int SIGNATURE_LENGTH = 64;

    // DER headers of RFC 8410 keys: SubjectPublicKeyInfo before the raw key, PKCS#8 v1 before the raw seed.
    private static final byte[] X509_HEADER = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] PKCS8_HEADER = HexFormat.of().parseHex("302e020100300506032b657004220420");

    private Ed25519Keys() {
    }

    /** {@code SHA-256(key name || 0x0A || 0x01 || public key)[:4]} as a big-endian int, as c2sp.org/signed-note recommends. */
    static int keyId(String keyName, byte[] rawPublicKey) {
        MessageDigest sha256 = sha256();
        sha256.update(keyName.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        sha256.update(SIGNATURE_TYPE);
        sha256.update(rawPublicKey);
        return ByteBuffer.wrap(sha256.digest()).getInt();
    }

    /** The 32-byte RFC 8032 encoding of an Ed25519 public key; refuses any other key. */
    static byte[] rawPublicKey(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null || encoded.length != X509_HEADER.length + KEY_LENGTH
                || !Arrays.equals(encoded, 0, X509_HEADER.length, X509_HEADER, 0, X509_HEADER.length)) {
            throw new IllegalArgumentException("the public key is not an Ed25519 key");
        }
        return Arrays.copyOfRange(encoded, X509_HEADER.length, encoded.length);
    }

    static PublicKey publicKey(byte[] rawPublicKey) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(concat(X509_HEADER, rawPublicKey)));
        } catch (InvalidKeySpecException invalid) {
            throw new IllegalArgumentException("the public key is not a valid Ed25519 key", invalid);
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("this JDK has no Ed25519", missing);
        }
    }

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("this JDK has no Ed25519", missing);
        }
    }

    static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (InvalidKeySpecException invalid) {
            throw new IllegalArgumentException("the key is not a PKCS#8-encoded Ed25519 private key");
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("this JDK has no Ed25519", missing);
        }
    }

    /**
     * The key pair of a private key. The JDK has no public call to derive an Ed25519 public key, but its key generator
     * derives one from 32 random bytes; feeding it the private key's seed as those bytes gives the pair, which is checked.
     */
    static KeyPair withPublicKey(PrivateKey privateKey) {
        byte[] seed = seed(privateKey);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            KeyPair pair = generator.generateKeyPair();
            if (Arrays.equals(seed(pair.getPrivate()), seed)) {
                return pair;
            }
        } catch (GeneralSecurityException | IllegalArgumentException unexpected) {
            throw new IllegalStateException("this JDK's Ed25519 key generator cannot derive a public key", unexpected);
        }
        throw new IllegalStateException("this JDK's Ed25519 key generator cannot derive a public key from a private key");
    }

    /** Refuses a pair that is not Ed25519 or whose public key does not verify what its private key signs. */
    static void requireMatchingPair(KeyPair keys) {
        byte[] probe = "cku checkpoint key check".getBytes(StandardCharsets.UTF_8);
        if (!verify(keys.getPublic(), probe, sign(keys.getPrivate(), probe))) {
            throw new IllegalArgumentException("the public key does not belong to the private key");
        }
    }

    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (InvalidKeyException wrongKey) {
            throw new IllegalArgumentException("the private key is not an Ed25519 key", wrongKey);
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("this JDK cannot sign with Ed25519", missing);
        }
    }

    static boolean verify(PublicKey key, byte[] message, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (InvalidKeyException wrongKey) {
            throw new IllegalArgumentException("the public key is not an Ed25519 key", wrongKey);
        } catch (SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("this JDK cannot verify Ed25519", missing);
        }
    }

    private static byte[] seed(PrivateKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null || encoded.length != PKCS8_HEADER.length + KEY_LENGTH
                || !Arrays.equals(encoded, 0, PKCS8_HEADER.length, PKCS8_HEADER, 0, PKCS8_HEADER.length)) {
            throw new IllegalArgumentException("the private key is not an Ed25519 key");
        }
        return Arrays.copyOfRange(encoded, PKCS8_HEADER.length, encoded.length);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("this JDK has no SHA-256", missing);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        return ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
    }

    /** A "random" source that hands out one fixed byte string, to make the key generator derive a known key's pair. */
    private static final class FixedBytes extends SecureRandom {

        private static final long serialVersionUID = 1L;

        private final byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalArgumentException("expected a request for " + bytes.length + " bytes");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
