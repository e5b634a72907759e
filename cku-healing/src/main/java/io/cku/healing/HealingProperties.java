package io.cku.healing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.cku.shared.Mode;
import io.cku.shared.api.RetrySpec;

/**
 * How failed steps heal ({@code cku.healing.*}). A step's retry policy is {@code defaults}, overridden by its run's mode in
 * {@code modes}, then by its skill in {@code skills}, then by the step's own request.
 *
 * @param defaults the retry policy everywhere; a field left out takes the built-in value
 * @param modes overrides by mode wire name ({@code dev}, {@code staging}, {@code prod})
 * @param skills overrides by skill name
 * @param decisionModes modes in which a person decides when retrying does not help
 * @param transientErrorTypes error types worth retrying when the skill does not classify its failure itself
 * @param retrySafeErrorTypes error types that show the work was not done (nothing reached the target, or it refused to act):
 *     the only transient failures a step that is not idempotent is retried after
 */
@ConfigurationProperties("cku.healing")
public record HealingProperties(
        RetrySpec defaults,
        Map<String, RetrySpec> modes,
        Map<String, RetrySpec> skills,
        List<String> decisionModes,
        List<String> transientErrorTypes,
        List<String> retrySafeErrorTypes,
        Shell shell,
        Circuit circuit) {

    private static final RetryPolicy BUILT_IN = new RetryPolicy(3, 1000, 2.0, 60_000, 0.2, 600_000, List.of());
    private static final List<String> MODES = Arrays.stream(Mode.values()).map(Mode::wireName).toList();

    public HealingProperties {
        defaults = merged("cku.healing.defaults", BUILT_IN, defaults).toSpec();
        modes = modes == null ? Map.of() : Map.copyOf(modes);
        skills = skills == null ? Map.of() : Map.copyOf(skills);
        decisionModes = decisionModes == null ? List.of(Mode.PROD.wireName()) : decisionModes;
        transientErrorTypes = transientErrorTypes == null
                ? List.of("connect", "connection", "timeout", "http-429", "http-502", "http-503", "http-504")
                : transientErrorTypes;
        retrySafeErrorTypes = retrySafeErrorTypes == null ? List.of("connect", "circuit-open", "http-429", "http-503")
                : List.copyOf(retrySafeErrorTypes);
        shell = shell == null ? new Shell(null) : shell;
        circuit = circuit == null ? new Circuit(null, null) : circuit;

        checkModes("cku.healing.decisionModes", decisionModes);
        checkModes("cku.healing.modes", modes.keySet());
        checkOverrides(BUILT_IN.with(defaults), modes, skills);
        checkNotBlank("cku.healing.transientErrorTypes", transientErrorTypes);
        checkNotBlank("cku.healing.retrySafeErrorTypes", retrySafeErrorTypes);
        decisionModes = List.copyOf(decisionModes);
        transientErrorTypes = List.copyOf(transientErrorTypes);
    }

    /** The retry policy of a step whose mode, skill and request override nothing. */
    public RetryPolicy defaultPolicy() {
        return BUILT_IN.with(defaults);
    }

    /**
     * Shell exit codes that mean "try again later".
     *
     * @param transientExitCodes exit codes retried like a transient failure; 75 ({@code EX_TEMPFAIL}) unless configured
     */
    public record Shell(List<Integer> transientExitCodes) {

        public Shell {
            transientExitCodes = transientExitCodes == null ? List.of(75) : transientExitCodes;
            for (Integer code : transientExitCodes) {
                check(code != null && code >= 0 && code <= 255,
                        "cku.healing.shell.transientExitCodes entries must be within 0..255, was " + code);
            }
            transientExitCodes = List.copyOf(transientExitCodes);
        }
    }

    /**
     * When a skill's target counts as down.
     *
     * @param failureThreshold consecutive failures that open the circuit
     * @param coolDown how long an open circuit refuses calls before letting one through
     */
    public record Circuit(Integer failureThreshold, Duration coolDown) {

        public Circuit {
            failureThreshold = failureThreshold == null ? 5 : failureThreshold;
            coolDown = coolDown == null ? Duration.ofSeconds(30) : coolDown;
            check(failureThreshold >= 1 && failureThreshold <= 1000,
                    "cku.healing.circuit.failureThreshold must be within 1..1000, was " + failureThreshold);
            check(!coolDown.isNegative() && !coolDown.isZero(), "cku.healing.circuit.coolDown must be positive, was " + coolDown);
        }
    }

    // Every combination a step can meet is built once here, so that a contradiction (say a mode's maxIntervalMs below a
    // skill's initialIntervalMs) fails the start instead of a run.
    private static void checkOverrides(RetryPolicy defaults, Map<String, RetrySpec> modes, Map<String, RetrySpec> skills) {
        modes.forEach((mode, spec) -> merged("cku.healing.modes." + mode, defaults, spec));
        skills.forEach((skill, spec) -> {
            String property = "cku.healing.skills." + skill;
            merged(property, defaults, spec);
            modes.forEach((mode, modeSpec) -> merged(property + " (in mode " + mode + ")", defaults.with(modeSpec), spec));
        });
    }

    private static RetryPolicy merged(String property, RetryPolicy base, RetrySpec override) {
        List<String> problems = RetryPolicy.problems(override);
        check(problems.isEmpty(), problems.stream().map(problem -> property + "." + problem).collect(Collectors.joining("; ")));

        try {
            return base.with(override);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }

    private static void checkModes(String property, Iterable<String> names) {
        for (String name : names) {
            check(MODES.contains(name), property + " must name modes among " + MODES + ", had '" + name + "'");
        }
    }

    private static void checkNotBlank(String property, List<String> values) {
        List<Integer> blank = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null || values.get(i).isBlank()) {
                blank.add(i);
            }
        }
        check(blank.isEmpty(), property + " entries must not be blank, were at " + blank);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
