package io.cku.app.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.cku.audit.AuditEntry;
import io.cku.realtime.Event;
import tools.jackson.databind.json.JsonMapper;

/** Every audit action the service writes, and the event type it streams as (or none). */
class EventTypesTest {

    private final EventTypes types = new EventTypes(JsonMapper.builder().build());

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            run.submitted                 | {}                               | run.submitted
            run.gate-decided              | {"verdict": "PASS"}              | gate.passed
            run.gate-decided              | {"verdict": "PAUSE"}             | gate.paused
            run.gate-decided              | {"verdict": "REJECT"}            | gate.rejected
            run.status-changed            | {"to": "RUNNING"}                | run.status-changed
            run.finished                  | {"to": "SUCCEEDED"}              | run.finished
            run.cancelled                 | {"to": "CANCELLED"}              | run.finished
            run.step-started              | {}                               | step.started
            run.step-retry-scheduled      | {}                               | step.attempted
            run.step-succeeded            | {}                               | step.succeeded
            run.step-failed               | {}                               | step.failed
            run.step-skipped              | {}                               | step.skipped
            run.step-cancelled            | {}                               | step.cancelled
            run.step-reset                | {}                               | step.reset
            run.step-compensating         | {}                               | step.compensating
            run.step-compensated          | {}                               | step.compensated
            run.step-compensation-failed  | {}                               | step.compensation-failed
            run.step-compensation-skipped | {}                               | step.compensation-skipped
            run.healing                   | {"action": "retry-scheduled"}    | healing.retry-scheduled
            run.healing                   | {"action": "rolled-back"}        | healing.rolled-back
            run.healing                   | {"action": "decision-requested"} | decision.needed
            run.healing                   | {"action": "rollback"}           | decision.taken
            run.healing                   | {"action": "abort"}              | decision.taken
            approval.given                | {}                               | approval.given
            approval.refused              | {}                               | approval.rejected
            approval.expired              | {}                               | approval.expired
            approval.escalated            | {}                               | approval.escalated
            policy.published              | {}                               | policy.published
            policy.activated              | {}                               | policy.activated
            learning.outcome-recorded     | {"outcome": "failure"}           | learning.outcome-recorded
            learning.pattern-detected     | {"kind": "unreliable-key"}       | learning.pattern-detected
            learning.pattern-resolved     | {"kind": "unreliable-key"}       | learning.pattern-resolved
            learning.frozen               | {}                               | -
            audit.checkpoint-signed       | {"size": 41}                     | audit.checkpoint-signed
            login.succeeded               | {}                               | -
            token.issued                  | {}                               | -
            user.created                  | {}                               | -
            audit.witness-conflict        | {}                               | -
            """)
    void auditActionsBecomeDottedPastTenseTypes(String action, String details, String expected) {
        boolean aboutARun = action.startsWith("run.") || action.startsWith("approval.");
        String subject = aboutARun ? "5b1e6a4c-0000-4000-8000-000000000001" : "policy v1";
        AuditEntry entry = new AuditEntry(42, Instant.parse("2026-12-03T15:00:00Z"), "acme", "user:alice", action, subject, details, null,
                null, null, null);
        Optional<Event> event = types.event(entry);
        assertThat(event.map(Event::type).orElse(null)).isEqualTo(expected);
        event.ifPresent(e -> {
            assertThat(e.id()).isEqualTo(42);
            assertThat(e.tenant()).isEqualTo("acme");
            assertThat(e.runId()).isEqualTo(aboutARun ? subject : null);
            assertThat(e.json()).startsWith("{\"id\":42,\"type\":\"" + expected + "\",\"tenant\":\"acme\"");
        });
    }

    @Test
    void aRunChangeCarriesTheObjectAsTheApiShowedItThen() {
        Event event = types.event(entry("run.step-failed", """
                {"step":"build","skill":"http","attempt":2,"error":"boom","view":{"name":"build","skill":"http","status":"FAILED","attempts":2}}""")).orElseThrow();
        assertThat(event.data()).isEqualTo("{\"name\":\"build\",\"skill\":\"http\",\"status\":\"FAILED\",\"attempts\":2}");
    }

    @Test
    void aViewStoredAsItsJsonTextStreamsAsThatTextAndTheOtherMembersStillNameTheType() {
        String view = "{\"gate\":\"QUALITY\",\"decision\":\"PAUSE\",\"reason\":\"coverage \\\"72\\\" < 80\"}";
        String details = "{\"gate\":\"QUALITY\",\"verdict\":\"PAUSE\",\"view\":" + JsonMapper.shared().writeValueAsString(view) + "}";

        Event event = types.event(entry("run.gate-decided", details)).orElseThrow();

        assertThat(event.type()).isEqualTo("gate.paused");
        assertThat(event.data()).isEqualTo(view);
    }

    @Test
    void aPersonsDecisionIsAnApprovalAsTheApiShowsItWithWhetherItCounted() {
        Event gate = types.event(entry("approval.given", "{\"gate\":\"RISK\",\"counted\":true,\"reason\":\"fine\"}")).orElseThrow();
        assertThat(gate.data()).isEqualTo("{\"gate\":\"RISK\",\"step\":null,\"actor\":\"user:alice\",\"decision\":\"APPROVED\","
                + "\"reason\":\"fine\",\"decidedAt\":\"2026-12-03T15:00:00Z\",\"counted\":true}");
        Event step = types.event(entry("approval.refused", "{\"step\":\"deploy\",\"counted\":false,\"reason\":\"no\"}")).orElseThrow();
        assertThat(step.data()).isEqualTo("{\"gate\":\"STEP\",\"step\":\"deploy\",\"actor\":\"user:alice\",\"decision\":\"REJECTED\","
                + "\"reason\":\"no\",\"decidedAt\":\"2026-12-03T15:00:00Z\",\"counted\":false}");
    }

    @Test
    void aPausesDeadlineCarriesItsDetailsAsStored() {
        String details = "{\"gate\":\"RISK\",\"newDeadline\":\"2026-12-04T15:00:00Z\"}";
        assertThat(types.event(entry("approval.escalated", details)).orElseThrow().data()).isEqualTo(details);
    }

    private static AuditEntry entry(String action, String details) {
        return new AuditEntry(42, Instant.parse("2026-12-03T15:00:00Z"), "acme", "user:alice", action, "5b1e6a4c-0000-4000-8000-000000000001",
                details, null, null, null, null);
    }
}
