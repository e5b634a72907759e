package io.cku.skillengine;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Finds skills by name or by a step's intent, validates their parameters and executes them. */
@Service
public class SkillEngine {

    private static final Logger log = LoggerFactory.getLogger(SkillEngine.class);

    private final Map<String, Skill> skills = new TreeMap<>();
    private final SkillProperties properties;

    public SkillEngine(List<Skill> skills, SkillProperties properties) {
        for (Skill skill : skills) {
            if (this.skills.put(skill.name(), skill) != null) {
                throw new IllegalStateException("two skills are registered as " + skill.name());
            }
        }
        this.properties = properties;
    }

    /** The skill of that name; throws {@link UnknownSkill} when there is none or it is switched off. */
    public Skill require(String name) {
        Skill skill = skills.get(name);
        if (skill == null) {
            throw new UnknownSkill("unknown skill '" + name + "'; known skills: " + String.join(", ", skills.keySet()));
        }
        if (name.equals("shell") && !properties.shell().enabled()) {
            throw new UnknownSkill("the shell skill is switched off on this server (cku.skills.shell.enabled=false)");
        }
        return skill;
    }

    /**
     * The skill whose keywords best match the intent. Throws {@link UnknownSkill} naming the candidates when no
     * skill matches better than every other.
     */
    public Skill route(String intent) {
        Set<String> words = words(intent);
        Map<String, Integer> scores = new TreeMap<>();
        skills.forEach((name, skill) -> scores.put(name, score(skill, words)));
        List<Map.Entry<String, Integer>> ranked = scores.entrySet().stream()
                .filter(entry -> entry.getValue() > 0)
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .toList();
        if (ranked.isEmpty()) {
            throw new UnknownSkill("no skill matches the intent '" + intent + "'; candidates: " + String.join(", ", skills.keySet()));
        }
        if (ranked.size() > 1 && ranked.get(0).getValue().equals(ranked.get(1).getValue())) {
            String tied = ranked.stream().filter(e -> e.getValue().equals(ranked.get(0).getValue()))
                    .map(Map.Entry::getKey).collect(Collectors.joining(", "));
            throw new UnknownSkill("the intent '" + intent + "' matches several skills equally; candidates: " + tied);
        }
        return require(ranked.get(0).getKey());
    }

    /** The skill with this name when there is one and it is switched on. */
    public Optional<Skill> find(String name) {
        try {
            return Optional.of(require(name));
        } catch (UnknownSkill e) {
            return Optional.empty();
        }
    }

    /**
     * Executes the named skill once it has accepted the parameters, which it refuses otherwise; an exception it throws
     * becomes a failed result, never an escape.
     */
    public SkillResult execute(String name, SkillContext context) {
        return safely(() -> validated(require(name), context, Skill::execute));
    }

    /** Undoes a step the named skill executed; like {@link #execute}, validates first and never throws. */
    public SkillResult compensate(String name, SkillContext context) {
        return safely(() -> validated(require(name), context, Skill::compensate));
    }

    /** Tells every skill that the run has ended, so that what they kept to undo its steps can go; a failure is only logged. */
    public void forget(UUID runId) {
        for (Skill skill : skills.values()) {
            try {
                skill.forget(runId);
            } catch (Exception e) {
                log.warn("skill {} could not drop what it kept for run {}", skill.name(), runId, e);
            }
        }
    }

    /**
     * Validates again although the run was validated when it was submitted: the configuration (allowed commands and networks,
     * the workspace) may have changed since, and this is the one place every execution passes.
     */
    private static SkillResult validated(Skill skill, SkillContext context, Work work) throws Exception {
        List<String> problems = skill.validate(context.params());
        if (!problems.isEmpty()) {
            return skill.refuse(context.params(), problems);
        }
        return work.on(skill, context);
    }

    private static SkillResult safely(Callable<SkillResult> work) {
        try {
            return work.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SkillResult.failed("interrupted", "interrupted before the skill finished");
        } catch (Exception e) {
            return SkillResult.failed(e.getClass().getSimpleName(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** What the engine asks of a skill once the parameters are accepted. */
    @FunctionalInterface
    private interface Work {
        SkillResult on(Skill skill, SkillContext context) throws Exception;
    }

    private static int score(Skill skill, Set<String> words) {
        Set<String> matched = new HashSet<>(skill.keywords());
        matched.retainAll(words);
        int nameBonus = words.contains(skill.name()) ? 2 : 0;
        return matched.size() + nameBonus;
    }

    private static Set<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z0-9.]+"))
                .map(word -> word.replaceAll("^\\.+|\\.+$", ""))
                .filter(word -> !word.isEmpty())
                .collect(Collectors.toSet());
    }
}
