package io.cku.shared.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Arrays;

/**
 * Checks an audit export ({@link ExportLine}s) against a signed checkpoint, with nothing but the export, the checkpoint and
 * the verifier key: each full entry's fields against its hashed bytes, every hash, that seqs follow each other, and that the
 * chain reaches the head the checkpoint signed.
 */
public final class ExportVerifier {

    private final CheckpointVerifier checkpoints;

    /**
     * A verifier that trusts checkpoints signed by this key.
     *
     * @throws IllegalArgumentException naming what is wrong with the key, as {@link CheckpointVerifier} does
     */
    public ExportVerifier(String verifierKey) {
        this.checkpoints = new CheckpointVerifier(verifierKey);
    }

    /**
     * Walks the export once, in bounded memory, stopping at the first entry that does not verify. The export must contain
     * the checkpoint's last entry; entries after it verify as a chain but no signature covers them, which the reason of a
     * valid outcome says. A rewrite with every later hash recomputed is only seen at the checkpoint, so it is reported at
     * the export's first entry.
     *
     * @throws IOException when the export cannot be read
     */
    public Verification verify(BufferedReader export, String signedCheckpoint) throws IOException {
        Checkpoint checkpoint;
        try {
            checkpoint = checkpoints.verify(signedCheckpoint);
        } catch (CheckpointRejected e) {
            return new Verification(false, 0, null, "the checkpoint is refused: " + e.getMessage());
        }

        Walk walk = new Walk(checkpoint.size());
        for (String line = export.readLine(); line != null && walk.broken == null; line = export.readLine()) {
            walk.check(line);
        }
        return walk.broken != null ? walk.broken : walk.against(checkpoint);
    }

    /** One pass over the lines, remembering only the previous link and the link at the checkpoint's size. */
    private static final class Walk {

        private final long checkpointSize;
        private long lines;
        private long checked;
        private long first;
        private long last;
        private byte[] previous;
        private byte[] linkAtCheckpoint;
        private Verification broken;

        Walk(long checkpointSize) {
            this.checkpointSize = checkpointSize;
        }

        void check(String text) {
            lines++;
            ExportLine line;
            try {
                line = ExportLine.parse(text);
            } catch (IllegalArgumentException e) {
                broken = broken(first == 0 ? 0 : last + 1, "line " + lines + " " + e.getMessage());
                return;
            }

            checked++;
            if (first == 0) {
                first = line.seq();
                previous = line.seq() == 1 ? ChainHashes.GENESIS : line.prevLink();
            } else if (line.seq() != last + 1) {
                broken = broken(last + 1, "entry " + (last + 1) + " is missing (line " + lines + " is entry " + line.seq() + ")");
                return;
            }
            String problem = problem(line);
            if (problem != null) {
                broken = broken(line.seq(), "entry " + line.seq() + problem);
                return;
            }

            previous = line.linkHash();
            last = line.seq();
            if (last == checkpointSize) {
                linkAtCheckpoint = line.linkHash();
            }
        }

        /** What is wrong with the line, read after its seq; null when it verifies. */
        private String problem(ExportLine line) {
            if (!line.isRedacted() && !Arrays.equals(canonical(line), line.entry().canonical())) {
                return "'s fields differ from its canonical bytes";
            }
            if (!line.isRedacted() && !Arrays.equals(ChainHashes.leaf(line.entry().canonical()), line.leafHash())) {
                return "'s leaf hash does not match its canonical bytes";
            }
            if (!Arrays.equals(previous, line.prevLink())) {
                return line.seq() == 1 ? " does not start from the genesis link" : " does not link to entry " + (line.seq() - 1);
            }
            if (!Arrays.equals(ChainHashes.link(previous, line.leafHash(), line.seq()), line.linkHash())) {
                return "'s link hash does not match its leaf hash and previous link";
            }
            return null;
        }

        /** The bytes the fields hash to; none when they cannot be canonicalized, such as a number beyond a double's range. */
        private static byte[] canonical(ExportLine line) {
            try {
                return ExportLine.canonical(line.seq(), line.entry());
            } catch (IllegalArgumentException e) {
                return new byte[0];
            }
        }

        /** The chain is whole; it must also be the one that was signed. */
        Verification against(Checkpoint checkpoint) {
            long size = checkpoint.size();
            if (checked == 0) {
                return new Verification(false, 0, null, "the export is empty; the checkpoint signs " + size + " entries");
            }
            if (size < first) {
                return broken(first, "the export starts at entry " + first + ", after the checkpoint's last entry " + size
                        + ": export from entry " + size + " or earlier");
            }
            if (size > last) {
                return broken(last + 1, "the export ends at entry " + last + " but the checkpoint signs " + size
                        + " entries: entries were removed from the end");
            }
            if (!Arrays.equals(linkAtCheckpoint, checkpoint.headHash())) {
                return broken(first, "entry " + size + "'s link hash is not the head the checkpoint signed: an entry from " + first
                        + " to " + size + " was changed and every later hash recomputed");
            }
            if (last > size) {
                String after = last == size + 1 ? "entry " + last : "entries " + (size + 1) + " to " + last;
                return new Verification(true, checked, null, "the checkpoint of size " + size + " does not cover " + after);
            }
            return Verification.ok(checked);
        }

        private Verification broken(long seq, String reason) {
            return seq < 1 ? new Verification(false, checked, null, reason) : Verification.broken(checked, seq, reason);
        }
    }
}
