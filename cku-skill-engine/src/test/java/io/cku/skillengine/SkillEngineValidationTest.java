package io.cku.skillengine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cku.shared.FailureClass;
import io.cku.shared.RiskLevel;

/** The engine validates a step's parameters once, just before the skill works with them, and refuses invalid ones itself. */
class SkillEngineValidationTest {

    @TempDir
    Path workspace;

    private final CountingSkill skill = new CountingSkill(null);

    @Test
    void executesASkillWhoseParametersAreValid() {
        SkillResult result = engine(skill).execute("counting", context(Map.of("count", 1)));

        assertThat(result).isEqualTo(SkillResult.succeeded("executed"));
        assertThat(skill.executed).hasValue(1);
    }

    @Test
    void refusesInvalidParametersAsInvalidParamsWithoutExecutingTheSkill() {
        SkillResult result = engine(skill).execute("counting", context(Map.of()));

        assertThat(result).isEqualTo(SkillResult.failed("invalid-params", "params.count is required; params.count must be 1"));
        assertThat(skill.executed).hasValue(0);
    }

    @Test
    void refusesInvalidParametersWithoutCompensating() {
        SkillResult result = engine(skill).compensate("counting", context(Map.of("count", 2)));

        assertThat(result).isEqualTo(SkillResult.failed("invalid-params", "params.count must be 1"));
        assertThat(skill.compensated).hasValue(0);
    }

    @Test
    void compensatesASkillWhoseParametersAreValid() {
        SkillResult result = engine(skill).compensate("counting", context(Map.of("count", 1)));

        assertThat(result).isEqualTo(SkillResult.succeeded("compensated"));
        assertThat(skill.compensated).hasValue(1);
    }

    @Test
    void aSkillMayNameHowItsInvalidParametersFail() {
        SkillResult refusal = SkillResult.failed("refused-destination", FailureClass.PERMANENT, "refused");
        CountingSkill refusing = new CountingSkill(refusal);

        assertThat(engine(refusing).execute("counting", context(Map.of()))).isEqualTo(refusal);
        assertThat(refusing.executed).hasValue(0);
    }

    private SkillEngine engine(Skill skill) {
        return new SkillEngine(List.of(skill), new SkillProperties(workspace, null, null, null, null));
    }

    private static SkillContext context(Map<String, Object> params) {
        return new SkillContext(UUID.randomUUID(), "step", params, Duration.ofSeconds(5), null);
    }

    /** Accepts only {@code count: 1}; counts what the engine let it do; refuses in its own way when given a refusal. */
    private static final class CountingSkill implements Skill {

        final AtomicInteger executed = new AtomicInteger();
        final AtomicInteger compensated = new AtomicInteger();
        private final SkillResult refusal;

        CountingSkill(SkillResult refusal) {
            this.refusal = refusal;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public String description() {
            return "counts its calls";
        }

        @Override
        public Set<String> keywords() {
            return Set.of("count");
        }

        @Override
        public RiskLevel risk() {
            return RiskLevel.LOW;
        }

        @Override
        public boolean idempotent(Map<String, Object> params) {
            return true;
        }

        @Override
        public List<String> validate(Map<String, Object> params) {
            Object count = params.get("count");
            if (count == null) {
                return List.of("params.count is required", "params.count must be 1");
            }
            return count.equals(1) ? List.of() : List.of("params.count must be 1");
        }

        @Override
        public SkillResult refuse(Map<String, Object> params, List<String> problems) {
            return refusal == null ? Skill.super.refuse(params, problems) : refusal;
        }

        @Override
        public SkillResult execute(SkillContext context) {
            executed.incrementAndGet();
            return SkillResult.succeeded("executed");
        }

        @Override
        public boolean compensatesItself() {
            return true;
        }

        @Override
        public SkillResult compensate(SkillContext context) {
            compensated.incrementAndGet();
            return SkillResult.succeeded("compensated");
        }
    }
}
