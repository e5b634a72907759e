package io.cku.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RunStatusesTest {

    @Test
    void workableListIsTheLiteralTheLeaseRenewalWasWrittenWith() {
        assertThat(RunStatuses.sqlList(RunStatuses.WORKABLE)).isEqualTo("('PENDING', 'GATING', 'RUNNING', 'HEALING')");
    }

    @Test
    void activeListIsTheLiteralTheActiveCountWasWrittenWith() {
        assertThat(RunStatuses.sqlList(RunStatuses.ACTIVE)).isEqualTo("('GATING', 'RUNNING', 'HEALING', 'AWAITING_DECISION')");
    }

    @Test
    void claimPredicatesAreTheLiteralsTheClaimWasWrittenWith() {
        assertThat(RunLeases.DUE).isEqualTo("status = 'HEALING' AND due_at <= now()");
        assertThat(RunLeases.WORKABLE_NOW).isEqualTo("status IN ('PENDING', 'GATING', 'RUNNING') OR (status = 'HEALING' AND due_at IS NULL)");
    }

    @Test
    void claimOfWorkNowHasThePredicateOfThePartialIndexItReadsFrom() throws IOException {
        String migration = migration("V17__claim_due_retries_by_index.sql");

        assertThat(migration).contains("CREATE INDEX runs_workable ON runs (created_at)\n    WHERE " + RunLeases.WORKABLE_NOW + ";");
    }

    private static String migration(String name) throws IOException {
        try (InputStream in = RunStatusesTest.class.getResourceAsStream("/db/migration/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
