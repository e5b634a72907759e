package io.cku.governance;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.cku.policy.Permission;
import io.cku.shared.Actor;
import io.cku.shared.Mode;
import io.cku.shared.TenantId;

/**
 * What a gate may look at: the run's intent, mode, plan, evidence and labels; who submitted it and what they may do now;
 * the approvals given so far; and the time of the evaluation.
 *
 * @param submitterActive whether the submitter's account is still enabled (and not revoked)
 * @param submitterPermissions what the submitter's current roles grant in the run's tenant
 */
public record GateContext(
        UUID runId,
        Mode mode,
        String intent,
        List<PlannedStep> steps,
        Map<String, Object> evidence,
        Map<String, String> labels,
        Actor submitter,
        boolean submitterActive,
        Set<Permission> submitterPermissions,
        List<Approval> approvals,
        Instant now) {

    public GateContext {
        steps = List.copyOf(steps);
        evidence = evidence == null ? Map.of() : evidence;
        labels = labels == null ? Map.of() : labels;
        submitterPermissions = submitterPermissions.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(submitterPermissions);
        approvals = List.copyOf(approvals);
    }

    /** A run submitted by the service itself in the default tenant, with no approvals yet (for tests and tools). */
    public GateContext(UUID runId, Mode mode, String intent, List<PlannedStep> steps, Map<String, Object> evidence,
            Map<String, String> labels) {
        this(runId, mode, intent, steps, evidence, labels, Actor.system(TenantId.DEFAULT), true, EnumSet.allOf(Permission.class),
                List.of(), Instant.now());
    }

    /** The approvals given to one gate, each approver counted once. */
    public List<Approval> approvalsOf(GateName gate) {
        return approvals.stream().filter(a -> a.gate() == gate && a.approved())
                .collect(java.util.stream.Collectors.toMap(Approval::actor, a -> a, (a, b) -> a, java.util.LinkedHashMap::new))
                .values().stream().toList();
    }
}
