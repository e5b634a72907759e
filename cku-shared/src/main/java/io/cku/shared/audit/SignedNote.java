package io.cku.shared.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note (c2sp.org/signed-note): text ending in a newline, a blank line, then signature lines
 * {@code — <key name> <base64(4-byte key ID || signature)>}, each ending in a newline.
 */
record SignedNote(String text, List<Signature> signatures) {

    /** Go's sumdb/note reads at most 100 signatures; the spec asks for at least 16. */
    static final int MAX_SIGNATURES = 100;

    static final int MAX_NOTE_LENGTH = 1 << 20;

    private static final String SIGNATURE_PREFIX = "\u2014 ";

    SignedNote {
        signatures = List.copyOf(signatures);
    }

    /** The signature line for one key: em dash, space, key name, space, base64 of key ID and signature, newline. */
    static String signatureLine(String keyName, int keyId, byte[] signature) {
        byte[] idAndSignature = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
        return SIGNATURE_PREFIX + keyName + " " + Base64.getEncoder().encodeToString(idAndSignature) + "\n";
    }

    /** Splits a note at its last blank line and reads every signature line; refuses anything the format does not allow. */
    static SignedNote parse(String note) {
        requireNoteCharacters(note);

        int blankLine = note.lastIndexOf("\n\n");
        if (blankLine < 0) {
            throw new CheckpointRejected("the note has no blank line between the checkpoint and its signature lines");
        }
        return new SignedNote(note.substring(0, blankLine + 1), parseSignatures(note.substring(blankLine + 2)));
    }

    /** Key names are non-empty, without Unicode spaces, '+' or control characters. */
    static boolean isValidKeyName(String name) {
        return name != null && !name.isEmpty() && name.codePoints().noneMatch(SignedNote::forbiddenInKeyName);
    }

    private static boolean forbiddenInKeyName(int c) {
        return c == '+' || c < 0x20 || c == 0x85 || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static void requireNoteCharacters(String note) {
        if (note == null || note.isEmpty()) {
            throw new CheckpointRejected("the note is empty");
        }
        if (note.length() > MAX_NOTE_LENGTH) {
            throw new CheckpointRejected("the note is longer than " + MAX_NOTE_LENGTH + " characters");
        }
        if (note.chars().anyMatch(c -> c < 0x20 && c != '\n') || !StandardCharsets.UTF_8.newEncoder().canEncode(note)) {
            throw new CheckpointRejected("the note contains a control character other than newline, or is not valid UTF-8");
        }
    }

    private static List<Signature> parseSignatures(String block) {
        if (block.isEmpty()) {
            throw new CheckpointRejected("the note has no signature lines");
        }
        if (!block.endsWith("\n")) {
            throw new CheckpointRejected("the last signature line does not end with a newline");
        }

        String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw new CheckpointRejected("the note has more than " + MAX_SIGNATURES + " signature lines");
        }
        List<Signature> signatures = new ArrayList<>();
        for (String line : lines) {
            signatures.add(parseSignatureLine(line));
        }
        return signatures;
    }

    private static Signature parseSignatureLine(String line) {
        int space = line.indexOf(' ', SIGNATURE_PREFIX.length());
        if (!line.startsWith(SIGNATURE_PREFIX) || space < 0) {
            throw new CheckpointRejected("the signature line '" + line + "' is not '\u2014 <key name> <base64 signature>'");
        }

        String keyName = line.substring(SIGNATURE_PREFIX.length(), space);
        byte[] idAndSignature = decodeSignature(line, line.substring(space + 1));
        if (!isValidKeyName(keyName) || idAndSignature.length < 5) {
            throw new CheckpointRejected("the signature line '" + line + "' has an invalid key name or a signature shorter than 5 bytes");
        }
        int keyId = ByteBuffer.wrap(idAndSignature).getInt();
        return new Signature(keyName, keyId, Arrays.copyOfRange(idAndSignature, 4, idAndSignature.length));
    }

    private static byte[] decodeSignature(String line, String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException notBase64) {
            throw new CheckpointRejected("the signature in line '" + line + "' is not base64");
        }
    }

    /** One signature line: who signed, the 4-byte key ID and the signature bytes. */
    record Signature(String keyName, int keyId, byte[] signature) {
    }
}
