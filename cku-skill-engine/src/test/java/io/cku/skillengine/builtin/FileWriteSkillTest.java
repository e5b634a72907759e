package io.cku.skillengine.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cku.skillengine.SkillContext;
import io.cku.skillengine.SkillProperties;
import io.cku.skillengine.SkillResult;

class FileWriteSkillTest {

    @TempDir
    Path workspace;

    @TempDir
    Path outside;

    @TempDir
    Path undo;

    private FileWriteSkill skill;

    @BeforeEach
    void createSkill() {
        skill = new FileWriteSkill(new SkillProperties(workspace, undo, 1000, new SkillProperties.Shell(false, List.of()), null));
    }

    @Test
    void writesTheFileAndReportsItsBytesAndRelativePath() throws Exception {
        SkillResult result = skill.execute(context(Map.of("path", "reports/summary.txt", "content", "héllo")));

        assertThat(result).isEqualTo(SkillResult.succeeded(Map.of("path", "reports/summary.txt", "bytes", 6)));
        assertThat(Files.readString(workspace.resolve("reports/summary.txt"), StandardCharsets.UTF_8)).isEqualTo("héllo");
    }

    @Test
    void overwritesAnExistingFileWhenNotAppending() throws Exception {
        skill.execute(context(Map.of("path", "notes.txt", "content", "a longer first text")));

        SkillResult result = skill.execute(context(Map.of("path", "notes.txt", "content", "short", "append", false)));

        assertThat(result).isInstanceOf(SkillResult.Succeeded.class);
        assertThat(Files.readString(workspace.resolve("notes.txt"))).isEqualTo("short");
    }

    @Test
    void appendsToAnExistingFileWhenAskedTo() throws Exception {
        skill.execute(context(Map.of("path", "log.txt", "content", "first\n")));

        SkillResult result = skill.execute(context(Map.of("path", "log.txt", "content", "second\n", "append", true)));

        assertThat(result).isEqualTo(SkillResult.succeeded(Map.of("path", "log.txt", "bytes", 7)));
        assertThat(Files.readString(workspace.resolve("log.txt"))).isEqualTo("first\nsecond\n");
    }

    @Test
    void isIdempotentOnlyWhenItDoesNotAppend() {
        assertThat(skill.idempotent(Map.of("path", "a.txt", "append", true))).isFalse();
        assertThat(skill.idempotent(Map.of("path", "a.txt", "append", false))).isTrue();
        assertThat(skill.idempotent(Map.of("path", "a.txt"))).isTrue();
    }

    @Test
    void acceptsARelativePathInsideTheWorkspace() {
        assertThat(skill.validate(Map.of("path", "a/b/c.txt", "content", "x"))).isEmpty();
    }

    @Test
    void refusesAPathThatClimbsOutOfTheWorkspace() {
        assertThat(skill.validate(Map.of("path", "../x")))
                .containsExactly("params.path must stay inside the workspace as a relative path, was '../x'");
    }

    @Test
    void refusesAPathThatClimbsOutHalfwayThrough() {
        assertThat(skill.validate(Map.of("path", "a/../../x")))
                .containsExactly("params.path must stay inside the workspace as a relative path, was 'a/../../x'");
    }

    @Test
    void refusesAnAbsolutePath() {
        assertThat(skill.validate(Map.of("path", "/etc/passwd")))
                .containsExactly("params.path must stay inside the workspace as a relative path, was '/etc/passwd'");
    }

    @Test
    void refusesAnEmptyOrMissingPath() {
        assertThat(skill.validate(Map.of("path", "")))
                .containsExactly("params.path is required and must be a non-empty string");
        assertThat(skill.validate(Map.of("content", "x")))
                .containsExactly("params.path is required and must be a non-empty string");
    }

    @Test
    void executionRefusesAnEscapingPathThatSkippedValidationAtSubmission() throws Exception {
        // the engine validates at execution, once for every skill; the skill itself no longer does
        SkillResult result = Engines.of(skill, workspace)
                .execute("file.write", context(Map.of("path", "../escaped.txt", "content", "x")));

        assertThat(result).isInstanceOf(SkillResult.Failed.class);
        assertThat(((SkillResult.Failed) result).error()).contains("must stay inside the workspace");
        assertThat(workspace.getParent().resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void refusesToWriteThroughADirectoryLinkThatLeadsOutOfTheWorkspace() throws Exception {
        Files.createSymbolicLink(workspace.resolve("link"), outside);

        SkillResult result = skill.execute(context(Map.of("path", "link/stolen.txt", "content", "x")));

        assertThat(result).isEqualTo(
                SkillResult.failed("invalid-params", "path 'link/stolen.txt' leads out of the workspace through a symbolic link"));
        assertThat(outside.resolve("stolen.txt")).doesNotExist();
    }

    @Test
    void createsNoDirectoryOutsideWhenTheLinkIsPartOfALongerPath() throws Exception {
        Files.createSymbolicLink(workspace.resolve("link"), outside);

        SkillResult result = skill.execute(context(Map.of("path", "link/deeper/stolen.txt", "content", "x")));

        assertThat(result).isInstanceOf(SkillResult.Failed.class);
        assertThat(outside.resolve("deeper")).doesNotExist();
    }

    @Test
    void refusesToWriteThroughAFileLinkThatLeadsOutOfTheWorkspace() throws Exception {
        Path secret = Files.writeString(outside.resolve("secret.txt"), "unchanged");
        Files.createSymbolicLink(workspace.resolve("innocent.txt"), secret);

        SkillResult result = skill.execute(context(Map.of("path", "innocent.txt", "content", "overwritten")));

        assertThat(result).isInstanceOf(SkillResult.Failed.class);
        assertThat(Files.readString(secret)).isEqualTo("unchanged");
    }

    @Test
    void compensationRestoresWhatTheFileHeldBeforeTheStepsFirstAttempt() throws Exception {
        Path file = workspace.resolve("app.conf");
        Files.writeString(file, "version=1");
        SkillContext step = context(Map.of("path", "app.conf", "content", "version=2"));
        skill.execute(step);
        skill.execute(step); // a repeated attempt must not take the step's own content for the original

        SkillResult undone = skill.compensate(step);

        assertThat(Files.readString(file)).isEqualTo("version=1");
        assertThat(undone).isEqualTo(SkillResult.succeeded(Map.of("path", "app.conf", "undone", "restored the previous content (9 bytes)")));
        assertThat(skill.compensate(step)).as("undoing twice has the effect of undoing once").isEqualTo(undone);
        assertThat(Files.readString(file)).isEqualTo("version=1");
    }

    @Test
    void compensationRemovesAFileTheStepCreated() throws Exception {
        SkillContext step = context(Map.of("path", "new/created.txt", "content", "hello"));
        skill.execute(step);

        skill.compensate(step);

        assertThat(workspace.resolve("new/created.txt")).doesNotExist();
        assertThat(undo).isNotEmptyDirectory();
    }

    @Test
    void forgettingARunDropsWhatWasKeptForItAndNothingElse() throws Exception {
        SkillContext ended = context(Map.of("path", "a.txt", "content", "a"));
        SkillContext going = context(Map.of("path", "b.txt", "content", "b"));
        skill.execute(ended);
        skill.execute(going);

        skill.forget(ended.runId());

        assertThat(undo.resolve(ended.runId().toString())).doesNotExist();
        assertThat(undo.resolve(going.runId().toString())).isNotEmptyDirectory();
        skill.forget(ended.runId()); // twice is harmless
    }

    @Test
    void compensationOfAStepThatNeverWroteChangesNothing() throws Exception {
        Path file = workspace.resolve("untouched.txt");
        Files.writeString(file, "keep me");

        SkillResult result = skill.compensate(context(Map.of("path", "untouched.txt", "content", "x")));

        assertThat(result).isEqualTo(SkillResult.succeeded(Map.of("path", "untouched.txt", "undone", "nothing: the step never wrote the file")));
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void compensationOfAFileLargerThanTheCapFailsAndLeavesTheFileAsTheStepLeftIt() throws Exception {
        FileWriteSkill capped = new FileWriteSkill(new SkillProperties(workspace, undo, 1000, null, null), 16);
        Path file = Files.writeString(workspace.resolve("big.log"), "seventeen bytes!!");
        SkillContext step = context(Map.of("path", "big.log", "content", "one more line\n", "append", true));

        assertThat(capped.execute(step)).isEqualTo(SkillResult.succeeded(Map.of("path", "big.log", "bytes", 14)));
        SkillResult undone = capped.compensate(step);

        assertThat(undone).isEqualTo(SkillResult.failed("too-large-to-undo", "big.log held more than 16 bytes before the step wrote it; "
                + "its previous content was not kept, so the step cannot be undone"));
        assertThat(Files.readString(file)).isEqualTo("seventeen bytes!!one more line\n");
    }

    @Test
    void aFileOverSixtyFourMebibytesIsWrittenButItsStepCannotBeUndone() throws Exception {
        Path file = workspace.resolve("huge.log");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(FileUndo.MAX_KEPT_BYTES + 1);
        }
        SkillContext step = context(Map.of("path", "huge.log", "content", "tail\n", "append", true));

        assertThat(skill.execute(step)).isInstanceOf(SkillResult.Succeeded.class);
        SkillResult undone = skill.compensate(step);

        assertThat(undone).isEqualTo(SkillResult.failed("too-large-to-undo", "huge.log held more than 64 MiB before the step wrote it; "
                + "its previous content was not kept, so the step cannot be undone"));
        assertThat(Files.size(file)).isEqualTo(FileUndo.MAX_KEPT_BYTES + 1 + 5);
    }

    @Test
    void compensationRestoresAFiveMegabyteFileByteForByte() throws Exception {
        byte[] original = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(original);
        Path file = Files.write(workspace.resolve("data.bin"), original);
        SkillContext step = context(Map.of("path", "data.bin", "content", "replaced"));
        skill.execute(step);

        SkillResult undone = skill.compensate(step);

        assertThat(undone).isEqualTo(SkillResult.succeeded(Map.of("path", "data.bin", "undone",
                "restored the previous content (" + original.length + " bytes)")));
        assertThat(Files.mismatch(file, Files.write(outside.resolve("expected.bin"), original))).isEqualTo(-1L);
    }

    @Test
    void anUndoDirectoryInsideTheWorkspaceIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SkillProperties(workspace, workspace.resolve(".undo"), null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cku.skills.undo-directory");
    }

    private static SkillContext context(Map<String, Object> params) {
        return new SkillContext(UUID.randomUUID(), "write", new HashMap<>(params), Duration.ofSeconds(30), null);
    }
}
