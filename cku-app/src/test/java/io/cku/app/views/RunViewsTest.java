package io.cku.app.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cku.governance.Approval;
import io.cku.governance.ApprovalLedger;
import io.cku.governance.GateName;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunManagement.VersionedRun;
import io.cku.orchestrator.Step;
import io.cku.shared.Actor;
import io.cku.shared.Mode;
import io.cku.shared.TenantId;
import tools.jackson.databind.json.JsonMapper;

class RunViewsTest {

    private static final Instant NOW = Instant.parse("2026-12-08T01:00:00Z");

    private final List<UUID> reads = new ArrayList<>();
    private final List<Approval> recorded = new ArrayList<>();
    private final ApprovalLedger ledger = new ApprovalLedger() {
        @Override
        public boolean record(UUID runId, TenantId tenant, Approval approval) {
            return recorded.add(approval);
        }

        @Override
        public List<Approval> of(UUID runId) {
            reads.add(runId);
            return List.copyOf(recorded);
        }
    };
    private final RunViews views = new RunViews(JsonMapper.builder().build(), ledger);

    @Test
    void aRunReadAgainAtTheSameVersionDoesNotReadItsApprovalsAgain() {
        Run run = run();

        views.view(new VersionedRun(run, 3));
        views.view(new VersionedRun(run, 3));

        assertThat(reads).containsExactly(run.id().value());
    }

    @Test
    void aVoteMovesTheVersionAndTheNextViewShowsIt() {
        Run run = run();
        assertThat(views.view(new VersionedRun(run, 3)).approvals()).isEmpty();

        ledger.record(run.id().value(), run.tenant(), new Approval(GateName.OPERATIONS, "user:ana", true, "looks right", NOW));

        assertThat(views.view(new VersionedRun(run, 4)).approvals()).singleElement()
                .satisfies(approval -> assertThat(approval.actor()).isEqualTo("user:ana"));
        assertThat(reads).hasSize(2);
    }

    private static Run run() {
        Step step = Step.planned(0, "deploy", "noop", null, Map.of(), false, null, null, null);
        return Run.submitted(RunId.random(), new Actor(Actor.Kind.USER, "bob", TenantId.DEFAULT), "ship it", Mode.PROD, Map.of(), Map.of(),
                List.of(step), NOW);
    }
}
