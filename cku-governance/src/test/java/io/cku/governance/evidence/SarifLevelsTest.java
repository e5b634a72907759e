package io.cku.governance.evidence;

import static io.cku.governance.evidence.EvidenceAttachmentsTest.assertRefused;
import static io.cku.governance.evidence.EvidenceAttachmentsTest.attachment;
import static io.cku.governance.evidence.EvidenceAttachmentsTest.sarif;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SarifLevelsTest {

    @Test
    void aResultWithoutALevelTakesItsRulesDefaultLevel() {
        Map<String, Object> summary = summarise(run("""
                "tool": {"driver": {"name": "SpotBugs", "rules": [
                  {"id": "NP_NULL_ON_SOME_PATH", "defaultConfiguration": {"level": "error"}}]}},
                "results": [{"ruleIndex": 0, "message": {"text": "Possible null pointer dereference"}}]"""));

        assertThat(summary).containsEntry("lint", "failed");
        assertThat(sarif(summary)).containsEntry("errors", 1L)
                .containsEntry("rules", List.of(Map.of("ruleId", "NP_NULL_ON_SOME_PATH", "count", 1L)));
    }

    @Test
    void aResultWithoutALevelOrRuleDefaultIsAWarning() {
        Map<String, Object> summary = summarise(run("""
                "tool": {"driver": {"name": "Semgrep"}},
                "results": [{"ruleId": "java.lang.security.audit.weak-random", "message": {"text": "weak random"}}]"""));

        assertThat(summary).containsEntry("lint", "passed");
        assertThat(sarif(summary)).containsEntry("warnings", 1L).containsEntry("errors", 0L);
    }

    @Test
    void countsNotesAndIgnoresResultsThatAreNotFailures() {
        Map<String, Object> summary = summarise(run("""
                "tool": {"driver": {"name": "CodeQL"}},
                "results": [
                  {"ruleId": "java/unused-import", "level": "note", "message": {"text": "unused import"}},
                  {"ruleId": "java/sql-injection", "kind": "pass", "message": {"text": "no injection"}},
                  {"ruleId": "java/sql-injection", "level": "none", "message": {"text": "suppressed"}}]"""));

        assertThat(summary).containsEntry("lint", "passed");
        assertThat(sarif(summary)).containsEntry("notes", 1L).containsEntry("errors", 0L).containsEntry("warnings", 0L)
                .containsEntry("rules", List.of(Map.of("ruleId", "java/unused-import", "count", 1L)));
    }

    @Test
    void failsLintForARunWithoutResultsBecauseTheToolDidNotFinish() {
        Map<String, Object> summary = summarise(run("\"tool\": {\"driver\": {\"name\": \"ESLint\"}}"));

        assertThat(summary).containsEntry("lint", "failed");
        assertThat(sarif(summary)).containsEntry("incompleteRuns", 1).containsEntry("errors", 0L);
    }

    @Test
    void failsLintForARunWhoseInvocationWasNotSuccessful() {
        Map<String, Object> summary = summarise(run("""
                "tool": {"driver": {"name": "ESLint"}}, "results": [],
                "invocations": [{"executionSuccessful": false}]"""));

        assertThat(summary).containsEntry("lint", "failed");
    }

    @Test
    void passesLintForACompleteRunWithNoResults() {
        Map<String, Object> summary = summarise(run("""
                "tool": {"driver": {"name": "ESLint"}}, "results": [],
                "invocations": [{"executionSuccessful": true}]"""));

        assertThat(summary).containsEntry("lint", "passed");
    }

    @Test
    void refusesALevelSarifDoesNotDefine() {
        String log = log(run("""
                "tool": {"driver": {"name": "ESLint"}},
                "results": [{"ruleId": "semi", "level": "fatal", "message": {"text": "Missing semicolon."}}]"""));

        assertRefused(List.of(attachment("sarif", log)), "evidence.attachments[0].content",
                "runs[0].results[0].level is \"fatal\"; expected \"error\", \"warning\", \"note\" or \"none\"");
    }

    @Test
    void refusesARunThatDoesNotNameItsTool() {
        assertRefused(List.of(attachment("sarif", log(run("\"results\": []")))), "evidence.attachments[0].content",
                "runs[0].tool.driver.name is missing");
    }

    private static Map<String, Object> summarise(String run) {
        return EvidenceAttachments.summarise(List.of(attachment("sarif", log(run))));
    }

    private static String run(String members) {
        return "{" + members + "}";
    }

    private static String log(String run) {
        return "{\"version\": \"2.1.0\", \"runs\": [" + run + "]}";
    }
}
