package io.cku.skillengine.builtin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.cku.shared.RiskLevel;
import io.cku.skillengine.Skill;
import io.cku.skillengine.SkillContext;
import io.cku.skillengine.SkillProperties;
import io.cku.skillengine.SkillResult;

/** Writes or appends UTF-8 text to a file inside the workspace; nothing outside it can be reached. */
@Component
class FileWriteSkill implements Skill {

    private final Workspace workspace;

    FileWriteSkill(SkillProperties properties) {
        this.workspace = new Workspace(properties.workspace());
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
            problems.add("params.path must be a relative path that stays inside the workspace, was '" + path + "'");
        }
        return problems;
    }

    @Override
    public SkillResult execute(SkillContext context) throws IOException {
        String relative = (String) context.params().get("path");
        Path target = workspace.resolve(relative).orElse(null);
        if (target == null) {
            return SkillResult.failed("path '" + relative + "' leaves the workspace");
        }
        Files.createDirectories(target.getParent());
        if (!workspace.containsReally(target.getParent()) || Files.isSymbolicLink(target)) {
            return SkillResult.failed("path '" + relative + "' leads out of the workspace through a symbolic link");
        }
        byte[] bytes = String.valueOf(context.params().getOrDefault("content", "")).getBytes(StandardCharsets.UTF_8);
        boolean append = Boolean.TRUE.equals(context.params().get("append"));
        Files.write(target, bytes, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        return SkillResult.succeeded(Map.of("path", workspace.relative(target), "bytes", bytes.length, "appended", append));
    }
}
