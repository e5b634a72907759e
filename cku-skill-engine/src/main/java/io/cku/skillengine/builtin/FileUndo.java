package io.cku.skillengine.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

import io.cku.shared.CanonicalJson;

/**
 * What a file held before a run's step first wrote it, kept outside the workspace: one record per run and step, written once
 * (a repeated attempt must not take the step's own content for the original) and moved into place whole. A record is one
 * header byte, then the content; a file over the cap is not kept, so that step cannot be undone.
 */
final class FileUndo {

    /** The largest content kept for an undo; a bigger file is written all the same, but its step cannot be undone. */
    static final long MAX_KEPT_BYTES = 64L * 1024 * 1024;

    private static final long MIB = 1024 * 1024;
    private static final byte ABSENT = 'A';
    private static final byte PRESENT = 'P';
    private static final byte TOO_LARGE = 'L';

    private final Path directory;
    private final long maxKeptBytes;

    FileUndo(Path directory) {
        this(directory, MAX_KEPT_BYTES);
    }

    FileUndo(Path directory, long maxKeptBytes) {
        this.directory = directory;
        this.maxKeptBytes = maxKeptBytes;
    }

    /** What an undo did; {@code done} is false when the file was left as the step left it because its content was not kept. */
    record Undone(boolean done, String what) {
    }

    /** Keeps the file's current content, unless this step of this run kept it already. */
    void keepBefore(UUID runId, String stepName, Path target) throws IOException {
        Path record = record(runId, stepName);
        if (Files.exists(record)) {
            return;
        }
        Files.createDirectories(record.getParent());

        Path partial = Files.createTempFile(record.getParent(), "partial-", ".undo");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                copyBefore(target, out);
            }
            Files.move(partial, record, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Restores the kept content without following a link at the target; says what it did. */
    Undone restore(UUID runId, String stepName, Path target) throws IOException {
        Path record = record(runId, stepName);
        if (!Files.exists(record)) {
            return new Undone(true, "nothing: the step never wrote the file");
        }

        try (InputStream kept = Files.newInputStream(record)) {
            int header = kept.read();
            if (header == ABSENT) {
                Files.deleteIfExists(target);
                return new Undone(true, "removed the file the step created");
            }
            if (header == TOO_LARGE) {
                return new Undone(false, "held more than " + describe(maxKeptBytes)
                        + " before the step wrote it; its previous content was not kept, so the step cannot be undone");
            }
            if (header != PRESENT) {
                throw new IOException("the undo record " + record + " is damaged: unknown header " + header);
            }
            return new Undone(true, "restored the previous content (" + replace(target, kept) + " bytes)");
        }
    }

    /** Streams the header and content; the channel is opened without following links and sized on the open file. */
    private void copyBefore(Path target, OutputStream out) throws IOException {
        try (SeekableByteChannel file = Files.newByteChannel(target, LinkOption.NOFOLLOW_LINKS)) {
            if (file.size() > maxKeptBytes) {
                out.write(TOO_LARGE);
                return;
            }
            out.write(PRESENT);
            Channels.newInputStream(file).transferTo(out);
        } catch (NoSuchFileException e) {
            out.write(ABSENT);
        }
    }

    /**
     * Writes the content beside the target and moves it over: a move replaces a link itself, never what it points to. The
     * temporary file gets the replaced file's permissions, as an in-place write would have kept them.
     */
    private static long replace(Path target, InputStream content) throws IOException {
        Path partial = target.resolveSibling(".cku-undo-" + UUID.randomUUID());
        try {
            long bytes;
            try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW)) {
                bytes = content.transferTo(out);
            }
            keepPermissions(target, partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return bytes;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void keepPermissions(Path from, Path to) throws IOException {
        if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)
                || !from.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from, LinkOption.NOFOLLOW_LINKS));
    }

    private static String describe(long bytes) {
        return bytes % MIB == 0 ? bytes / MIB + " MiB" : bytes + " bytes";
    }

    /** Drops every record of the run: it has ended, and nothing of it will be undone any more. */
    void forget(UUID runId) throws IOException {
        Path run = directory.resolve(runId.toString());
        if (!Files.isDirectory(run, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> records = Files.list(run)) {
            for (Path record : (Iterable<Path>) records::iterator) {
                Files.deleteIfExists(record);
            }
        }
        Files.deleteIfExists(run);
    }

    private Path record(UUID runId, String stepName) {
        String step = CanonicalJson.sha256(stepName == null ? "" : stepName);
        return directory.resolve(runId.toString()).resolve(step + ".undo");
    }
}
