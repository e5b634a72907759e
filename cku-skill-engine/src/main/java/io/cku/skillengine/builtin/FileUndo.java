package io.cku.skillengine.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.UUID;

import io.cku.shared.CanonicalJson;

/**
 * What a file held before a run's step first wrote it, kept outside the workspace: one record per run and step, written once
 * (a repeated attempt must not take the step's own content for the original) and moved into place whole.
 */
final class FileUndo {

    private static final byte ABSENT = 'A';
    private static final byte PRESENT = 'P';

    private final Path directory;

    FileUndo(Path directory) {
        this.directory = directory;
    }

    /** Keeps the file's current content, unless this step of this run kept it already. */
    void keepBefore(UUID runId, String stepName, Path target) throws IOException {
        Path record = record(runId, stepName);
        if (Files.exists(record)) {
            return;
        }
        Files.createDirectories(record.getParent());
        byte[] kept;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            byte[] content = Files.readAllBytes(target);
            kept = new byte[content.length + 1];
            kept[0] = PRESENT;
            System.arraycopy(content, 0, kept, 1, content.length);
        } else {
            kept = new byte[] {ABSENT};
        }
        Path partial = Files.createTempFile(record.getParent(), "partial-", ".undo");
        Files.write(partial, kept);
        Files.move(partial, record, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Restores the kept content; says what it did. */
    String restore(UUID runId, String stepName, Path target) throws IOException {
        Path record = record(runId, stepName);
        if (!Files.exists(record)) {
            return "nothing: the step never wrote the file";
        }
        byte[] kept = Files.readAllBytes(record);
        if (kept.length > 0 && kept[0] == ABSENT) {
            Files.deleteIfExists(target);
            return "removed the file the step created";
        }
        Files.write(target, Arrays.copyOfRange(kept, 1, kept.length));
        return "restored the previous content (" + (kept.length - 1) + " bytes)";
    }

    private Path record(UUID runId, String stepName) {
        String step = CanonicalJson.sha256(stepName == null ? "" : stepName);
        return directory.resolve(runId.toString()).resolve(step + ".undo");
    }
}
