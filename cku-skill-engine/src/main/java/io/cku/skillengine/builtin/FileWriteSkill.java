package io.cku.skillengine.builtin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.cku.shared.RiskLevel;
import io.cku.skillengine.Skill;
import io.cku.skillengine.SkillContext;
import io.cku.skillengine.SkillProperties;
import io.cku.skillengine.SkillResult;

/**
 * Writes or appends UTF-8 text to a file inside the workspace; nothing outside it can be reached. Before the first write of
 * a run's step it keeps what the file held (or that it did not exist) in the undo directory, so a rollback restores it.
 */
@Component
class FileWriteSkill implements Skill {

    private final Workspace workspace;
    private final FileUndo undo;

    @Autowired
    FileWriteSkill(SkillProperties properties) {
        this(properties, FileUndo.MAX_KEPT_BYTES);
    }

    /** With another cap on what is kept for an undo; for tests. */
    FileWriteSkill(SkillProperties properties, long maxKeptBytes) {
        this.workspace = new Workspace(properties.workspace());
        this.undo = new FileUndo(properties.undoDirectory(), maxKeptBytes);
    }

    @Override
    public String name() {
        return "file.write";
    }

    @Override
    public String description() {
        return "Writes text to a file inside the workspace (params.path, params.content, params.append).";
    }

    @Override
    public Set<String> keywords() {
        return Set.of("file", "write", "save", "store", "file.write");
    }

    @Override
    public RiskLevel risk() {
        return RiskLevel.MEDIUM;
    }

    @Override
    public boolean idempotent(Map<String, Object> params) {
        return !Boolean.TRUE.equals(params.get("append"));
    }

    @Override
    public List<String> validate(Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        Params p = new Params(params, problems);
        String path = p.requiredString("path");
        p.optionalString("content", "");
        p.bool("append", false);
        if (path != null && workspace.resolve(path).isEmpty()) {
            problems.add("params.path must stay inside the workspace as a relative path, was '" + path + "'");
        }
        return problems;
    }

    @Override
    public SkillResult execute(SkillContext context) throws IOException {
        SkillResult refused = refusal(context.params());
        if (refused != null) {
            return refused;
        }
        Params p = new Params(context.params(), new ArrayList<>());
        Path target = file(context.params());
        byte[] bytes = p.optionalString("content", "").getBytes(StandardCharsets.UTF_8);
        if (context.runId() != null) {
            undo.keepBefore(context.runId(), context.stepName(), target);
        }
        write(target, bytes, p.bool("append", false));
        return SkillResult.succeeded(Map.of("path", workspace.relative(target), "bytes", bytes.length));
    }

    @Override
    public void forget(UUID runId) throws IOException {
        undo.forget(runId);
    }

    @Override
    public boolean compensatesItself() {
        return true;
    }

    /** Puts back what the file held before this run's step first wrote it, or removes the file when the step created it. */
    @Override
    public SkillResult compensate(SkillContext context) throws IOException {
        SkillResult refused = refusal(context.params());
        if (refused != null) {
            return refused;
        }
        Path target = file(context.params());
        FileUndo.Undone undone = undo.restore(context.runId(), context.stepName(), target);
        if (!undone.done()) {
            return SkillResult.failed("too-large-to-undo", workspace.relative(target) + " " + undone.what());
        }
        return SkillResult.succeeded(Map.of("path", workspace.relative(target), "undone", undone.what()));
    }

    /**
     * Why the file the parameters name may not be touched although they are valid: a symbolic link, which can be created
     * between validation and execution; null when it may.
     */
    private SkillResult refusal(Map<String, Object> params) throws IOException {
        Path target = file(params);
        if (!parentReallyInside(target.getParent()) || Files.isSymbolicLink(target)) {
            return SkillResult.failed("invalid-params", "path '" + params.get("path") + "' leads out of the workspace through a symbolic link");
        }
        return null;
    }

    private Path file(Map<String, Object> params) {
        return workspace.resolve(String.valueOf(params.get("path"))).orElseThrow();
    }

    /**
     * Checks the nearest existing ancestor before creating directories, so a link out of the workspace cannot make
     * us create anything elsewhere, then checks the created parent once more.
     */
    private boolean parentReallyInside(Path parent) throws IOException {
        Files.createDirectories(workspace.root());
        Path existing = parent;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            if (!workspace.containsReally(existing)) {
                return false;
            }
            Files.createDirectories(parent);
            return workspace.containsReally(parent);
        } catch (NoSuchFileException e) {
            // a dangling link: wherever it points, it is not a directory of the workspace
            return false;
        }
    }

    private static void write(Path target, byte[] bytes, boolean append) throws IOException {
        // NOFOLLOW_LINKS closes the gap between the symbolic-link check and the open
        Files.write(target, bytes, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
    }
}
