package io.cku.skillengine.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileUndoTest {

    @TempDir
    Path workspace;

    @TempDir
    Path outside;

    @TempDir
    Path records;

    private final UUID run = UUID.randomUUID();

    @Test
    void restoreReplacesALinkAtTheTargetAndLeavesWhereItPointedUntouched() throws Exception {
        FileUndo undo = new FileUndo(records);
        Path target = Files.writeString(workspace.resolve("app.conf"), "version=1");
        undo.keepBefore(run, "write", target);
        Path secret = Files.writeString(outside.resolve("secret.txt"), "unchanged");
        Files.delete(target);
        Files.createSymbolicLink(target, secret); // swapped in by another step after the caller's check

        FileUndo.Undone undone = undo.restore(run, "write", target);

        assertThat(undone).isEqualTo(new FileUndo.Undone(true, "restored the previous content (9 bytes)"));
        assertThat(target).isRegularFile();
        assertThat(Files.isSymbolicLink(target)).isFalse();
        assertThat(Files.readString(target)).isEqualTo("version=1");
        assertThat(Files.readString(secret)).isEqualTo("unchanged");
    }

    @Test
    void removingACreatedFileRemovesALinkInItsPlaceNotWhereItPoints() throws Exception {
        FileUndo undo = new FileUndo(records);
        Path target = workspace.resolve("created.txt");
        undo.keepBefore(run, "write", target);
        Path secret = Files.writeString(outside.resolve("secret.txt"), "unchanged");
        Files.createSymbolicLink(target, secret);

        FileUndo.Undone undone = undo.restore(run, "write", target);

        assertThat(undone).isEqualTo(new FileUndo.Undone(true, "removed the file the step created"));
        assertThat(Files.exists(target, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.readString(secret)).isEqualTo("unchanged");
    }

    @Test
    void keepingRefusesToReadThroughALinkAndKeepsNoRecord() throws Exception {
        FileUndo undo = new FileUndo(records);
        Path secret = Files.writeString(outside.resolve("secret.txt"), "private");
        Path target = Files.createSymbolicLink(workspace.resolve("innocent.txt"), secret);

        assertThatThrownBy(() -> undo.keepBefore(run, "write", target)).isInstanceOf(IOException.class);

        assertThat(undo.restore(run, "write", target)).isEqualTo(new FileUndo.Undone(true, "nothing: the step never wrote the file"));
        try (var kept = Files.walk(records)) {
            assertThat(kept.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aFileExactlyAtTheCapIsKeptAndOneByteMoreIsNot() throws Exception {
        FileUndo undo = new FileUndo(records, 16);
        Path atCap = Files.writeString(workspace.resolve("at-cap.txt"), "sixteen bytes!!!");
        Path overCap = Files.writeString(workspace.resolve("over-cap.txt"), "seventeen bytes!!");
        undo.keepBefore(run, "at", atCap);
        undo.keepBefore(run, "over", overCap);
        Files.writeString(atCap, "changed");
        Files.writeString(overCap, "changed");

        assertThat(undo.restore(run, "at", atCap)).isEqualTo(new FileUndo.Undone(true, "restored the previous content (16 bytes)"));
        assertThat(undo.restore(run, "over", overCap).done()).isFalse();
        assertThat(Files.readString(atCap)).isEqualTo("sixteen bytes!!!");
        assertThat(Files.readString(overCap)).isEqualTo("changed");
    }

    @Test
    void restoredFileKeepsItsPermissionsAndLeavesNoTemporaryFileBehind() throws Exception {
        assumeThat(workspace.getFileSystem().supportedFileAttributeViews()).contains("posix");
        FileUndo undo = new FileUndo(records);
        Path script = Files.writeString(workspace.resolve("run.sh"), "echo one\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        undo.keepBefore(run, "write", script);
        Files.writeString(script, "echo two\n");

        undo.restore(run, "write", script);

        assertThat(Files.readString(script)).isEqualTo("echo one\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-x---");
        try (var beside = Files.list(workspace)) {
            assertThat(beside).containsExactly(script);
        }
    }
}
