package io.cku.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.cku.shared.InvalidRequest.Violation;
import io.cku.shared.api.RunRequest;
import io.cku.shared.api.RunRequestRules;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Plan files: the body of {@code POST /runs} in YAML or JSON, read into the API's own {@link RunRequest} and checked with
 * the service's own {@link RunRequestRules} before anything is sent.
 */
final class Plans {

    private static final ObjectMapper YAML = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private Plans() {
    }

    /** The request in {@code file} ({@code -} for standard input), or a usage failure naming the file and what is wrong. */
    static RunRequest read(String file, Environment env) {
        String text = text(file, env);
        boolean json = file.toLowerCase(Locale.ROOT).endsWith(".json") || text.stripLeading().startsWith("{");
        try {
            RunRequest request = (json ? JSON : YAML).readValue(text, RunRequest.class);
            if (request == null) {
                throw new CommandFailed(ExitCode.USAGE, name(file) + " is empty: it holds a run's intent and plan (see cku runs submit --help)");
            }
            return request;
        } catch (JacksonException e) {
            String where = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new CommandFailed(ExitCode.USAGE, name(file) + " is not a run request" + where + ": " + e.getOriginalMessage());
        }
    }

    /** Refuses a request the service would refuse for its shape, listing every problem, as the service would. */
    static void check(RunRequest request, String file) {
        List<Violation> problems = RunRequestRules.problems(request);
        if (!problems.isEmpty()) {
            throw new CommandFailed(ExitCode.USAGE, name(file) + " is not a valid run: "
                    + problems.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; ")));
        }
    }

    /** The request with the command line's mode, labels and attached CI reports. */
    static RunRequest amend(RunRequest request, String mode, Map<String, String> labels, List<Path> evidenceFiles) {
        Map<String, String> allLabels = new LinkedHashMap<>(request.labels() == null ? Map.of() : request.labels());
        allLabels.putAll(labels);
        Map<String, Object> evidence = new LinkedHashMap<>(request.evidence() == null ? Map.of() : request.evidence());
        if (!evidenceFiles.isEmpty()) {
            List<Object> attachments = new ArrayList<>(evidence.get("attachments") instanceof List<?> list ? list : List.of());
            evidenceFiles.forEach(path -> attachments.add(attachment(path)));
            evidence.put("attachments", attachments);
        }
        return new RunRequest(request.intent(), mode != null ? mode : request.mode(), request.plan(), evidence.isEmpty() ? null : evidence,
                allLabels.isEmpty() ? null : allLabels);
    }

    /** A JaCoCo XML report (sent base64) or a SARIF log, as {@code evidence.attachments} takes them. */
    private static Map<String, Object> attachment(Path path) {
        String name = path.getFileName().toString();
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new CommandFailed(ExitCode.USAGE, "cannot read evidence file " + path + ": " + e.getMessage());
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".xml")) {
            return Map.of("type", "jacoco", "name", name, "encoding", "base64", "content", Base64.getEncoder().encodeToString(content));
        }
        if (lower.endsWith(".sarif") || lower.endsWith(".json")) {
            return Map.of("type", "sarif", "name", name, "content", new String(content, StandardCharsets.UTF_8));
        }
        throw new CommandFailed(ExitCode.USAGE, "--evidence-file takes a JaCoCo XML report (.xml) or a SARIF log (.sarif, .json); was " + name);
    }

    private static String text(String file, Environment env) {
        try {
            return file.equals("-") ? new String(env.in().readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new CommandFailed(ExitCode.USAGE, "no such file: " + file);
        } catch (IOException | RuntimeException e) {
            throw new CommandFailed(ExitCode.USAGE, "cannot read " + name(file) + ": " + e.getMessage());
        }
    }

    private static String name(String file) {
        return file.equals("-") ? "standard input" : file;
    }
}
