package io.cku.skillengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cku.shared.RiskLevel;

class SkillEngineRoutingTest {

    @TempDir
    Path workspace;

    private final TestSkill http = new TestSkill("http", Set.of("fetch", "url", "request", "download"));
    private final TestSkill fileWrite = new TestSkill("file.write", Set.of("write", "file", "save"));
    private final TestSkill shell = new TestSkill("shell", Set.of("run", "command", "script"));

    @Test
    void requireReturnsTheSkillOfThatName() {
        assertThat(engine(false).require("file.write")).isSameAs(fileWrite);
    }

    @Test
    void requireOfAnUnknownNameThrowsNamingTheKnownSkills() {
        assertThatThrownBy(() -> engine(false).require("deploy"))
                .isInstanceOf(UnknownSkill.class)
                .hasMessage("unknown skill 'deploy'; known skills: file.write, http, shell");
    }

    @Test
    void refusesTheShellSkillWhileItIsSwitchedOff() {
        SkillEngine engine = engine(false);

        assertThatThrownBy(() -> engine.require("shell"))
                .isInstanceOf(UnknownSkill.class)
                .hasMessageContaining("cku.skills.shell.enabled");
        assertThat(engine.find("shell")).isEmpty();
    }

    @Test
    void providesTheShellSkillOnceItIsSwitchedOn() {
        SkillEngine engine = engine(true);

        assertThat(engine.require("shell")).isSameAs(shell);
        assertThat(engine.find("shell")).containsSame(shell);
    }

    @Test
    void routesAnIntentToTheSkillWhoseKeywordsMatchBest() {
        SkillEngine engine = engine(false);

        assertThat(engine.route("fetch the url and save it")).isSameAs(http);
        assertThat(engine.route("write the report to a file")).isSameAs(fileWrite);
    }

    @Test
    void routesRegardlessOfCaseAndPunctuation() {
        assertThat(engine(false).route("Fetch, then DOWNLOAD!")).isSameAs(http);
    }

    @Test
    void routesAnIntentThatNamesASkillToThatSkill() {
        // one keyword of http against the name of file.write, which counts for two
        assertThat(engine(false).route("use file.write for the request")).isSameAs(fileWrite);
    }

    @Test
    void routesAnIntentThatRepeatsAWord() {
        assertThat(engine(false).route("write the file, then write the index file")).isSameAs(fileWrite);
    }

    @Test
    void refusesATieNamingOnlyTheTiedCandidates() {
        assertThatThrownBy(() -> engine(true).route("fetch and save"))
                .isInstanceOf(UnknownSkill.class)
                .hasMessage("the intent 'fetch and save' matches several skills equally; candidates: file.write, http");
    }

    @Test
    void refusesAnIntentNoSkillMatchesNamingAllCandidates() {
        assertThatThrownBy(() -> engine(false).route("make coffee"))
                .isInstanceOf(UnknownSkill.class)
                .hasMessage("no skill matches the intent 'make coffee'; candidates: file.write, http, shell");
    }

    @Test
    void refusesToRouteToTheShellSkillWhileItIsSwitchedOff() {
        assertThatThrownBy(() -> engine(false).route("run the build script"))
                .isInstanceOf(UnknownSkill.class)
                .hasMessageContaining("cku.skills.shell.enabled");
    }

    @Test
    void executeReturnsTheSkillsResult() {
        SkillResult result = engine(false).execute("http", context());

        assertThat(result).isEqualTo(SkillResult.succeeded("done by http"));
    }

    @Test
    void executeTurnsAThrownExceptionIntoAFailedResult() {
        TestSkill broken = new TestSkill("broken", Set.of(), new IllegalStateException("disk full"));

        SkillResult result = engine(false, broken).execute("broken", context());

        assertThat(result).isEqualTo(SkillResult.failed("IllegalStateException", "IllegalStateException: disk full"));
    }

    @Test
    void executeTurnsACheckedExceptionIntoAFailedResult() {
        TestSkill broken = new TestSkill("broken", Set.of(), new IOException("connection reset"));

        SkillResult result = engine(false, broken).execute("broken", context());

        assertThat(result).isEqualTo(SkillResult.failed("IOException", "IOException: connection reset"));
    }

    @Test
    void executeOfAnInterruptedSkillFailsAndKeepsTheInterruptFlag() {
        TestSkill interrupted = new TestSkill("waits", Set.of(), new InterruptedException("stop"));
        try {
            SkillResult result = engine(false, interrupted).execute("waits", context());

            assertThat(result).isEqualTo(SkillResult.failed("interrupted", "interrupted before the skill finished"));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void executeOfAnUnknownSkillFailsInsteadOfThrowing() {
        SkillResult result = engine(false).execute("deploy", context());

        assertThat(result).isInstanceOf(SkillResult.Failed.class);
        assertThat(((SkillResult.Failed) result).error()).contains("unknown skill 'deploy'");
    }

    @Test
    void refusesTwoSkillsWithTheSameName() {
        TestSkill secondHttp = new TestSkill("http", Set.of("get"));

        assertThatThrownBy(() -> new SkillEngine(List.of(http, secondHttp), properties(false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("two skills are registered as http");
    }

    private SkillEngine engine(boolean shellEnabled, Skill... extra) {
        List<Skill> skills = new ArrayList<>(List.of(http, fileWrite, shell));
        skills.addAll(List.of(extra));
        return new SkillEngine(skills, properties(shellEnabled));
    }

    private SkillProperties properties(boolean shellEnabled) {
        return new SkillProperties(workspace, null, null, new SkillProperties.Shell(shellEnabled, List.of("make")), null);
    }

    private static SkillContext context() {
        return new SkillContext(UUID.randomUUID(), "step", Map.of(), Duration.ofSeconds(5), null);
    }

    /** A skill that answers with its name, or throws what it was given. */
    private record TestSkill(String name, Set<String> keywords, Exception failure) implements Skill {

        TestSkill(String name, Set<String> keywords) {
            this(name, keywords, null);
        }

        @Override
        public String description() {
            return "test skill " + name;
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
            return List.of();
        }

        @Override
        public SkillResult execute(SkillContext context) throws Exception {
            if (failure != null) {
                throw failure;
            }
            return SkillResult.succeeded("done by " + name);
        }
    }
}
