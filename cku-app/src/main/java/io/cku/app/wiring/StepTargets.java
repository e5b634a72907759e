package io.cku.app.wiring;

import java.util.Map;

import io.cku.skillengine.Skill;
import io.cku.skillengine.SkillEngine;

/**
 * What a step acts on, as policy rules and the learning loop name it: its skill's target without a URL scheme
 * ({@code api.example:443} for {@code http}, the command for {@code shell}), {@code -} when it acts on nothing outside
 * the service or its skill is unknown.
 */
public final class StepTargets {

    private StepTargets() {
    }

    public static String of(SkillEngine skills, String skill, Map<String, Object> params) {
        return named(skills.find(skill).map(found -> target(found, params)).orElse(""));
    }

    /** A skill's target as rules name it. */
    static String named(String target) {
        if (target == null || target.isBlank()) {
            return "-";
        }
        int scheme = target.indexOf("://");
        if (scheme < 0) {
            return target;
        }
        String host = target.substring(scheme + 3);
        String name = target.substring(0, scheme);
        boolean portless = host.lastIndexOf(':') <= host.lastIndexOf(']'); // an IPv6 literal's colons are not a port
        return !portless ? host : host + (name.equalsIgnoreCase("https") ? ":443" : name.equalsIgnoreCase("http") ? ":80" : "");
    }

    private static String target(Skill skill, Map<String, Object> params) {
        try {
            return skill.target(params == null ? Map.of() : params);
        } catch (RuntimeException unreadable) {
            return "";
        }
    }
}
