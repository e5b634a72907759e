package io.cku.shared.audit;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The audit log at one moment: which log, how many entries, the hash of the newest entry and when.
 * Its {@link #body()} is the text of a C2SP tlog-checkpoint note (c2sp.org/tlog-checkpoint).
 *
 * @param origin the log's identity, the first line of the note, such as {@code cku.example/audit}
 * @param size the number of entries in the log
 * @param headHash the 32-byte SHA-256 hash of the newest entry
 * @param time when the checkpoint was taken
 */
public record Checkpoint(String origin, long size, byte[] headHash, Instant time) {

    /** The length of a head hash: SHA-256. */
    public static final int HASH_LENGTH = 32;

    private static final String TIME_PREFIX = "time ";
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");

    /** Refuses what a checkpoint note cannot carry: an empty or multi-line origin, a negative size, a hash that is not 32 bytes. */
    public Checkpoint {
        requireValidOrigin(origin);
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
        Objects.requireNonNull(headHash, "headHash");
        if (headHash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("headHash must be " + HASH_LENGTH + " bytes, was " + headHash.length);
        }
        Objects.requireNonNull(time, "time");
        headHash = headHash.clone();
    }

    /** A copy of the head hash, so callers cannot change the checkpoint. */
    @Override
    public byte[] headHash() {
        return headHash.clone();
    }

    /** The note text: origin, size in decimal, base64 head hash and a {@code time} extension line, each ending in a newline. */
    public String body() {
        return origin + "\n"
                + size + "\n"
                + Base64.getEncoder().encodeToString(headHash) + "\n"
                + TIME_PREFIX + DateTimeFormatter.ISO_INSTANT.format(time) + "\n";
    }

    /** Reads a note text strictly: exactly the four lines {@link #body()} writes, each in the form it writes them. */
    static Checkpoint parse(String body) {
        if (!body.endsWith("\n")) {
            throw new CheckpointRejected("the checkpoint text does not end with a newline");
        }

        String[] lines = body.split("\n", -1);
        if (lines.length != 5) {
            throw new CheckpointRejected("the checkpoint text has " + (lines.length - 1)
                    + " lines; it must have 4: origin, size, head hash, time");
        }
        if (lines[0].isEmpty()) {
            throw new CheckpointRejected("the origin line is empty");
        }
        return new Checkpoint(lines[0], parseSize(lines[1]), parseHash(lines[2]), parseTime(lines[3]));
    }

    private static long parseSize(String line) {
        if (!DECIMAL.matcher(line).matches()) {
            throw new CheckpointRejected("the size line '" + line + "' is not a decimal number without leading zeros");
        }

        try {
            return Long.parseLong(line);
        } catch (NumberFormatException tooLarge) {
            throw new CheckpointRejected("the size line '" + line + "' is too large");
        }
    }

    private static byte[] parseHash(String line) {
        byte[] hash;
        try {
            hash = Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException notBase64) {
            throw new CheckpointRejected("the head hash line '" + line + "' is not base64");
        }

        if (hash.length != HASH_LENGTH || !Base64.getEncoder().encodeToString(hash).equals(line)) {
            throw new CheckpointRejected("the head hash line '" + line + "' is not the base64 of a " + HASH_LENGTH + "-byte hash");
        }
        return hash;
    }

    private static Instant parseTime(String line) {
        if (!line.startsWith(TIME_PREFIX)) {
            throw new CheckpointRejected("the fourth line '" + line + "' is not 'time <ISO-8601 instant>'");
        }

        String text = line.substring(TIME_PREFIX.length());
        try {
            Instant time = DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
            if (DateTimeFormatter.ISO_INSTANT.format(time).equals(text)) {
                return time;
            }
        } catch (DateTimeException notAnInstant) {
            // refused below, with the same reason as a non-canonical time
        }
        throw new CheckpointRejected("the time line '" + line + "' is not an ISO-8601 UTC instant such as 2026-01-01T00:00:00Z");
    }

    private static void requireValidOrigin(String origin) {
        Objects.requireNonNull(origin, "origin");
        if (origin.isEmpty() || origin.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("origin must be non-empty, on one line and without control characters");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that
                && origin.equals(that.origin) && size == that.size
                && Arrays.equals(headHash, that.headHash) && time.equals(that.time);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, size, Arrays.hashCode(headHash), time);
    }

    @Override
    public String toString() {
        return "Checkpoint[origin=" + origin + ", size=" + size
                + ", headHash=" + Base64.getEncoder().encodeToString(headHash) + ", time=" + time + "]";
    }
}
