package io.cku.governance;

import java.util.List;
import java.util.UUID;

import io.cku.shared.TenantId;

/** The recorded decisions of people on paused gates. */
public interface ApprovalLedger {

    /** Records a decision; false when this approver already decided on this gate of this run (it does not count twice). */
    boolean record(UUID runId, TenantId tenant, Approval approval);

    /** Every decision on the run, oldest first. */
    List<Approval> of(UUID runId);
}
